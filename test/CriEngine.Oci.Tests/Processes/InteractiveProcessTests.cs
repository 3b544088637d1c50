using System.Text;
using CriEngine.Platform.Processes;

namespace CriEngine.Oci.Tests.Processes;

public sealed class InteractiveProcessTests
{
    [Test]
    public async Task Input_reaches_the_child_and_its_two_outputs_stay_apart()
    {
        await using var child = InteractiveProcess.Start("/bin/sh", ["-c", "read line; echo out:$line; cat >/dev/null; echo err >&2; exit 3"], terminal: false);

        await child.Input.WriteAsync(Encoding.ASCII.GetBytes("hello\nrest of input\n"));
        child.CloseInput();

        Assert.That(await ReadAllAsync(child.Output), Is.EqualTo("out:hello\n"));
        Assert.That(await ReadAllAsync(child.Error!), Is.EqualTo("err\n"));
        Assert.That(await child.Exited.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo(3));
    }

    [Test]
    public async Task Terminal_child_has_it_as_controlling_terminal_with_the_size_given()
    {
        await using var child = InteractiveProcess.Start("/bin/sh", ["-c", "read go; stty size; [ -t 1 ] && echo on-a-tty; (: </dev/tty) 2>/dev/null && echo has-ctty; exit 4"], terminal: true);

        child.Resize(132, 43);
        await child.Input.WriteAsync(Encoding.ASCII.GetBytes("go\n"));
        var shown = await ReadAllAsync(child.Output);

        Assert.That(shown, Does.Contain("43 132\r\n").And.Contain("on-a-tty\r\n").And.Contain("has-ctty\r\n"), "the shell reads its size from the terminal, which is its own");
        Assert.That(child.Error, Is.Null);
        Assert.That(await child.Exited.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo(4));
    }

    [Test]
    public async Task Disposing_a_running_child_kills_and_reaps_it()
    {
        var child = InteractiveProcess.Start("/bin/sleep", ["600"], terminal: false);
        var pid = child.Pid;

        await child.DisposeAsync();

        Assert.That(await child.Exited, Is.EqualTo(128 + 9));
        Assert.That(Directory.Exists($"/proc/{pid}"), Is.False, "reaped, not a zombie");
    }

    [Test]
    public void Missing_program_is_an_error_naming_it()
    {
        var error = Assert.Throws<IOException>(() => InteractiveProcess.Start("/nonexistent/runc", [], terminal: false));

        Assert.That(error!.Message, Does.Contain("/nonexistent/runc"));
    }

    private static async Task<string> ReadAllAsync(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }
}
