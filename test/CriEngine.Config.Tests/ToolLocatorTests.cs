using CriEngine.TestSupport;
namespace CriEngine.Config.Tests;

public sealed class ToolLocatorTests
{
    private TempDirectory? _directory;

    private TempDirectory Files => _directory!;

    [SetUp]
    public void CreateDirectory() => _directory = new TempDirectory();

    [TearDown]
    public void DeleteDirectory() => _directory?.Dispose();

    [Test]
    public void A_name_is_searched_in_the_path_directories_in_order()
    {
        var first = Executable("first/runc");
        Executable("second/runc");
        var tools = new ToolLocator($"{Files.Combine("none")}:{Files.Combine("first")}:{Files.Combine("second")}", ToolLocator.IsExecutableFile);

        Assert.That(tools.Find("runc"), Is.EqualTo(first));
    }

    [Test]
    public void A_file_without_an_execute_bit_is_not_found()
    {
        Files.Write("bin/runc", "");
        var tools = new ToolLocator(Files.Combine("bin"), ToolLocator.IsExecutableFile);

        Assert.That(tools.Find("runc"), Is.Null);
        Assert.That(tools.Find(Files.Combine("bin/runc")), Is.Null);
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
        Directory.CreateDirectory(Files.Combine("bin/runc"));

        Assert.That(ToolLocator.IsExecutableFile(Files.Combine("bin/runc")), Is.False);
    }

    private string Executable(string relativePath)
    {
        var path = Files.Write(relativePath, "#!/bin/sh\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
