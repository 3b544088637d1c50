namespace CriEngine.Config.Tests.Keys;

public sealed class KeyTableTests
{
    /// <summary>Set to 1 (make keys-table does) to rewrite the file instead of comparing it.</summary>
    private const string WriteVariable = "CRIENGINE_WRITE_KEYS_TABLE";

    [Test]
    public void Docs_crio_keys_md_is_the_table_the_key_table_gives()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "crio-keys.md");
        var table = KeyTable.Markdown();
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
            File.WriteAllText(path, table);

        Assert.That(File.Exists(path) ? File.ReadAllText(path) : "", Is.EqualTo(table), "docs/crio-keys.md is stale; make keys-table rewrites it");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CriEngine.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("CriEngine.sln not found above the test directory");
    }
}
