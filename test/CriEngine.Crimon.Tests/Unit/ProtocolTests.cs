using CriEngine.Crimon.Monitor;
using CriEngine.Crimon.Options;

namespace CriEngine.Crimon.Tests.Unit;

/// <summary>What crimon says to its caller and to the runtime, byte for byte as conmon.</summary>
public sealed class ProtocolTests
{
    [Test]
    public void Sync_messages_are_conmons_json_lines()
    {
        Assert.That(SyncMessage.Format(SyncMessage.Key(0, exec: false), 1234, null), Is.EqualTo("{\"pid\": 1234}\n"));
        Assert.That(SyncMessage.Format(SyncMessage.Key(0, exec: true), 7, ""), Is.EqualTo("{\"exit_code\": 7}\n"));
        Assert.That(SyncMessage.Format(SyncMessage.Key(1, exec: true), 7, null), Is.EqualTo("{\"data\": 7}\n"));
        Assert.That(SyncMessage.Format("exit_code", -1, "command timed out"), Is.EqualTo("{\"exit_code\": -1, \"message\": \"command timed out\"}\n"));
    }

    [Test]
    public void Runtime_message_is_escaped_as_conmon_escapes_it()
    {
        var message = "{\"level\":\"error\",\"msg\":\"exec: \\\"/bin/x\\\": no such file\"}\n\ttab\u0001";

        Assert.That(SyncMessage.Format("pid", -1, message), Is.EqualTo(
            "{\"pid\": -1, \"message\": \"{\\\"level\\\":\\\"error\\\",\\\"msg\\\":\\\"exec: \\\\\\\"\\/bin\\/x\\\\\\\": no such file\\\"}\\n\\ttab\\u0001\"}\n"));
        Assert.That(System.Text.Json.JsonDocument.Parse(SyncMessage.Format("pid", -1, message)).RootElement.GetProperty("message").GetString(), Is.EqualTo(message));
    }

    [Test]
    public void Create_command_line_is_conmons()
    {
        var options = OptionParser.Parse(["-c", "id1", "-r", "/usr/sbin/runc", "--runtime-arg", "--root=/r", "--runtime-arg", "--log-format=json", "-s", "--no-pivot", "--no-new-keyring"]);

        Assert.That(RuntimeCommand.Build(options, "/b/pidfile", "/b", "/tmp/conmon-term.abc"), Is.EqualTo(new[]
        {
            "/usr/sbin/runc", "--systemd-cgroup", "--root=/r", "--log-format=json", "create", "--bundle", "/b", "--pid-file", "/b/pidfile",
            "--no-pivot", "--no-new-keyring", "--console-socket", "/tmp/conmon-term.abc", "id1",
        }));
    }

    [Test]
    public void Exec_command_line_is_conmons_without_the_cgroup_manager()
    {
        var options = OptionParser.Parse(["-c", "id1", "-r", "/usr/sbin/runc", "--runtime-arg", "--root=/r", "-s", "-e", "--exec-process-spec", "/w/process.json"]);

        Assert.That(RuntimeCommand.Build(options, "/w/pid", "/cwd", null), Is.EqualTo(new[]
        {
            "/usr/sbin/runc", "--root=/r", "exec", "--pid-file", "/w/pid", "--process", "/w/process.json", "--detach", "id1",
        }));
    }

    [Test]
    public void Restore_command_line_is_conmons()
    {
        var options = OptionParser.Parse(["-c", "id1", "-r", "/runc", "--restore", "/ckpt", "--runtime-opt", "--tcp-established"]);

        Assert.That(RuntimeCommand.Build(options, "/b/pidfile", "/b", null), Is.EqualTo(new[]
        {
            "/runc", "restore", "--bundle", "/b", "--pid-file", "/b/pidfile", "--detach", "--image-path", "/ckpt", "--work-path", "/b", "--tcp-established", "id1",
        }));
    }

    [TestCase(0, 0)]
    [TestCase(3 << 8, 3)]
    [TestCase(9, 137)]
    [TestCase(15, 143)]
    public void Wait_status_becomes_conmons_exit_code(int waitStatus, int exitCode) =>
        Assert.That(ExitStatus.Of(waitStatus), Is.EqualTo(exitCode));

    [Test]
    public void Control_lines_are_type_height_width() =>
        Assert.That((ControlFifos.TryParseControl("1 24 80", out var type, out var height, out var width), type, height, width), Is.EqualTo((true, 1, 24, 80)));

    [Test]
    public void Memory_cgroup_of_a_process_is_found_on_v1_and_v2()
    {
        const string v1 = "12:pids:/criengine-test/c1\n11:memory:/criengine-test/c1\n4:cpu,cpuacct:/x\n0::/\n";

        Assert.That(CgroupPaths.Find(v1, unified: false, "memory"), Is.EqualTo("/sys/fs/cgroup/memory/criengine-test/c1"));
        Assert.That(CgroupPaths.Find("0::/kubepods/pod1/c1\n", unified: true, ""), Is.EqualTo("/sys/fs/cgroup/kubepods/pod1/c1"));
        Assert.That(CgroupPaths.Find("12:pids:/x\n", unified: false, "memory"), Is.Null);
    }

    [Test]
    public void Oom_kill_counter_is_read_from_memory_events()
    {
        Assert.That(CgroupPaths.OomKills("low 0\nhigh 0\nmax 12\noom 3\noom_kill 2\noom_group_kill 0\n"), Is.EqualTo(2));
        Assert.That(CgroupPaths.OomKills("low 0\n"), Is.Null);
    }
}
