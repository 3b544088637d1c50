using CriEngine.Crimon.Options;

namespace CriEngine.Crimon.Tests.Unit;

public sealed class OptionParserTests
{
    [Test]
    public void Every_long_option_is_read_into_its_setting()
    {
        var options = OptionParser.Parse([
            "--api-version", "--bundle", "/b", "--cid", "c1", "--conmon-pidfile", "/P", "--container-pidfile", "/p", "--cuuid", "u1",
            "--exec", "--exec-attach", "--exec-process-spec", "/spec", "--exit-command", "/cmd", "--exit-command-arg", "a1", "--exit-command-arg", "a2",
            "--exit-delay", "5", "--exit-dir", "/exits", "--leave-stdin-open", "--log-level", "debug", "--log-path", "k8s-file:/log",
            "--log-size-max", "1048576", "--log-global-size-max", "4096", "--log-tag", "tag", "--name", "n1", "--no-new-keyring", "--no-pivot",
            "--no-sync-log", "--persist-dir", "/persist", "--replace-listen-pid", "--restore", "/ckpt", "--restore-arg", "r1", "--runtime", "/runc",
            "--runtime-arg", "--root=/r", "--runtime-arg", "--log-format=json", "--runtime-opt", "o1", "--sdnotify-socket", "/notify",
            "--socket-dir-path", "/sockets", "--stdin", "--sync", "--syslog", "--systemd-cgroup", "--terminal", "--timeout", "30",
            "--version", "--full-attach", "--seccomp-notify-socket", "/seccomp", "--seccomp-notify-plugins", "p1", "--pidfile", "/p2",
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(options.ApiVersion, Is.EqualTo(1));
            Assert.That(options.BundlePath, Is.EqualTo("/b"));
            Assert.That(options.ContainerId, Is.EqualTo("c1"));
            Assert.That(options.MonitorPidFile, Is.EqualTo("/P"));
            Assert.That(options.ContainerPidFile, Is.EqualTo("/p2"), "--pidfile, the deprecated name, given last");
            Assert.That(options.ContainerUuid, Is.EqualTo("u1"));
            Assert.That(options.Exec, Is.True);
            Assert.That(options.ExecAttach, Is.True);
            Assert.That(options.ExecProcessSpec, Is.EqualTo("/spec"));
            Assert.That(options.ExitCommand, Is.EqualTo("/cmd"));
            Assert.That(options.ExitCommandArguments, Is.EqualTo(new[] { "a1", "a2" }));
            Assert.That(options.ExitDelay, Is.EqualTo(5));
            Assert.That(options.ExitDirectory, Is.EqualTo("/exits"));
            Assert.That(options.LeaveStdinOpen, Is.True);
            Assert.That(options.LogLevel, Is.EqualTo("debug"));
            Assert.That(options.LogPaths, Is.EqualTo(new[] { "k8s-file:/log" }));
            Assert.That(options.LogSizeMax, Is.EqualTo(1048576));
            Assert.That(options.LogGlobalSizeMax, Is.EqualTo(4096));
            Assert.That(options.LogTag, Is.EqualTo("tag"));
            Assert.That(options.Name, Is.EqualTo("n1"));
            Assert.That(options.NoNewKeyring, Is.True);
            Assert.That(options.NoPivot, Is.True);
            Assert.That(options.NoSyncLog, Is.True);
            Assert.That(options.PersistPath, Is.EqualTo("/persist"));
            Assert.That(options.ReplaceListenPid, Is.True);
            Assert.That(options.RestorePath, Is.EqualTo("/ckpt"));
            Assert.That(options.RuntimeOptions, Is.EqualTo(new[] { "r1", "o1" }));
            Assert.That(options.RuntimePath, Is.EqualTo("/runc"));
            Assert.That(options.RuntimeArguments, Is.EqualTo(new[] { "--root=/r", "--log-format=json" }));
            Assert.That(options.SdNotifySocket, Is.EqualTo("/notify"));
            Assert.That(options.SocketDirectory, Is.EqualTo("/sockets"));
            Assert.That(options.Stdin, Is.True);
            Assert.That(options.Sync, Is.True);
            Assert.That(options.Syslog, Is.True);
            Assert.That(options.SystemdCgroup, Is.True);
            Assert.That(options.Terminal, Is.True);
            Assert.That(options.Timeout, Is.EqualTo(30));
            Assert.That(options.Version, Is.True);
            Assert.That(options.FullAttach, Is.True);
            Assert.That(options.SeccompNotifySocket, Is.EqualTo("/seccomp"));
            Assert.That(options.SeccompNotifyPlugins, Is.EqualTo("p1"));
        });
    }

    [Test]
    public void Every_short_option_is_read_like_its_long_name()
    {
        var options = OptionParser.Parse(["-b", "/b", "-c", "c1", "-P", "/P", "-p", "/p", "-u", "u1", "-e", "-l", "/log", "-n", "n1", "-0", "/persist",
            "-r", "/runc", "-i", "-s", "-t", "-T", "7"]);

        Assert.Multiple(() =>
        {
            Assert.That(options.BundlePath, Is.EqualTo("/b"));
            Assert.That(options.ContainerId, Is.EqualTo("c1"));
            Assert.That(options.MonitorPidFile, Is.EqualTo("/P"));
            Assert.That(options.ContainerPidFile, Is.EqualTo("/p"));
            Assert.That(options.ContainerUuid, Is.EqualTo("u1"));
            Assert.That(options.Exec, Is.True);
            Assert.That(options.LogPaths, Is.EqualTo(new[] { "/log" }));
            Assert.That(options.Name, Is.EqualTo("n1"));
            Assert.That(options.PersistPath, Is.EqualTo("/persist"));
            Assert.That(options.RuntimePath, Is.EqualTo("/runc"));
            Assert.That(options.Stdin, Is.True);
            Assert.That(options.SystemdCgroup, Is.True);
            Assert.That(options.Terminal, Is.True);
            Assert.That(options.Timeout, Is.EqualTo(7));
        });
    }

    [Test]
    public void Values_are_taken_after_an_equals_sign_and_short_flags_group()
    {
        var options = OptionParser.Parse(["--cid=c1", "--log-size-max=0x400", "-ti", "--runtime-arg=--root=/x"]);

        Assert.That(options.ContainerId, Is.EqualTo("c1"));
        Assert.That(options.LogSizeMax, Is.EqualTo(1024));
        Assert.That(options.Terminal && options.Stdin, Is.True);
        Assert.That(options.RuntimeArguments, Is.EqualTo(new[] { "--root=/x" }));
    }

    [Test]
    public void Defaults_are_conmons()
    {
        var options = OptionParser.Parse([]);

        Assert.That(options.SocketDirectory, Is.EqualTo("/var/run/crio"));
        Assert.That(options.LogSizeMax, Is.EqualTo(-1));
        Assert.That(options.Timeout, Is.Zero);
        Assert.That(options.ApiVersion, Is.Zero);
    }

    [Test]
    public void Parsing_stops_at_a_double_dash()
    {
        var options = OptionParser.Parse(["-c", "c1", "--", "--no-such-option"]);

        Assert.That(options.ContainerId, Is.EqualTo("c1"));
    }

    [TestCase(new[] { "--foo" }, "Unknown option --foo")]
    [TestCase(new[] { "--foo=bar" }, "Unknown option --foo=bar")]
    [TestCase(new[] { "-Z" }, "Unknown option -Z")]
    [TestCase(new[] { "-tZ" }, "Unknown option -Z")]
    [TestCase(new[] { "--cid" }, "Missing argument for --cid")]
    [TestCase(new[] { "-c" }, "Missing argument for -c")]
    [TestCase(new[] { "-T", "abc" }, "Cannot parse integer value “abc” for -T")]
    [TestCase(new[] { "--timeout=99999999999" }, "Integer value “99999999999” for --timeout out of range")]
    [TestCase(new[] { "--terminal=yes" }, "Unexpected argument to --terminal")]
    public void Refused_command_line_says_why_in_glibs_words(string[] arguments, string message)
    {
        var error = Assert.Throws<OptionParseException>(() => OptionParser.Parse(arguments));

        Assert.That(error!.Message, Is.EqualTo(message));
    }
}
