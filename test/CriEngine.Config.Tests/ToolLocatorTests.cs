namespace CriEngine.Config.Tests;

public sealed class ToolLocatorTests
{
    private TestDirectory? _directory;

    private TestDirectory Files => _directory!;

    [SetUp]
    public void CreateDirectory() => _directory = new TestDirectory();

    [TearDown]
    public void DeleteDirectory() => _directory?.Dispose();

    [Test]
    public void A_name_is_searched_in_the_path_directories_in_order()
    {
        var first = Executable("first/runc");
        Executable("second/runc");
        var tools = new ToolLocator($"{Files.PathOf("none")}:{Files.PathOf("first")}:{Files.PathOf("second")}", ToolLocator.IsExecutableFile);

        Assert.That(tools.Find("runc"), Is.EqualTo(first));
    }

    [Test]
    public void A_file_without_an_execute_bit_is_not_found()
    {
        Files.Write("bin/runc", "");
        var tools = new ToolLocator(Files.PathOf("bin"), ToolLocator.IsExecutableFile);

        Assert.That(tools.Find("runc"), Is.Null);
        Assert.That(tools.Find(Files.PathOf("bin/runc")), Is.Null);
    }

    [Test]
    public void A_path_is_checked_itself_and_not_searched()
    {
        var runc = Executable("bin/runc");
        var tools = new ToolLocator("", ToolLocator.IsExecutableFile);

        Assert.That(tools.Find(runc), Is.EqualTo(runc));
        Assert.That(tools.Find("runc"), Is.Null);
    }

    [Test]
    public void Relative_path_directories_are_skipped()
    {
        Assert.That(new ToolLocator(".:bin", _ => true).Find("runc"), Is.Null);
    }

    [Test]
    public void A_directory_is_not_an_executable()
    {
        Directory.CreateDirectory(Files.PathOf("bin/runc"));

        Assert.That(ToolLocator.IsExecutableFile(Files.PathOf("bin/runc")), Is.False);
    }

    private string Executable(string relativePath)
    {
        var path = Files.Write(relativePath, "#!/bin/sh\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
