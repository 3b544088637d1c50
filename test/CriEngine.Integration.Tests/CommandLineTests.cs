using CriEngine.TestSupport;

namespace CriEngine.Integration.Tests;

/// <summary><c>criengine config</c> and <c>criengine version</c>, as an operator runs them.</summary>
[Category("Integration")]
public sealed class CommandLineTests
{
    private TempDirectory _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = new TempDirectory("criengine-cli");

    [TearDown]
    public void RemoveDirectory() => _directory.Dispose();

    private static readonly string[] VersionFields =
    [
        "Version", "GitCommit", "GitCommitDate", "GitTreeState", "GoVersion", "Compiler", "Platform", "Linkmode", "LDFlags",
        "SeccompEnabled", "AppArmorEnabled",
    ];

    [Test]
    public async Task Version_prints_crio_s_fields_one_a_line_with_aligned_values()
    {
        var (code, output, _) = await RunAsync("version");

        var lines = output.TrimEnd('\n').Split('\n');
        Assert.That(code, Is.Zero);
        Assert.That(lines.Select(line => line[..line.IndexOf(':')]), Is.EqualTo(VersionFields));
        Assert.That(lines.Select(line => line.Length - line[(line.IndexOf(':') + 1)..].TrimStart().Length).Distinct().Count(), Is.EqualTo(1));
        Assert.That(lines[0], Does.Match(@"^Version: +\d+\.\d+"));
        Assert.That(lines.Single(line => line.StartsWith("GoVersion:")), Does.Contain(".NET"));
        Assert.That(lines.Single(line => line.StartsWith("Platform:")), Does.Match("linux/(amd64|arm64)"));
    }

    [Test]
    public async Task Version_json_has_crio_s_fields_in_camel_case()
    {
        var (code, output, _) = await RunAsync("-l", "debug", "version", "-j");

        var json = System.Text.Json.Nodes.JsonNode.Parse(output)!.AsObject();
        Assert.That(code, Is.Zero);
        Assert.That(json.Select(field => field.Key), Is.EqualTo(new[]
        {
            "version", "gitCommit", "gitCommitDate", "gitTreeState", "goVersion", "compiler", "platform", "linkmode", "ldFlags",
            "seccompEnabled", "appArmorEnabled",
        }));
        Assert.That(json["seccompEnabled"]!.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.True).Or.EqualTo(System.Text.Json.JsonValueKind.False));
        Assert.That((string?)json["goVersion"], Does.StartWith(".NET"));
    }

    [Test]
    public async Task Wipe_leaves_the_work_to_the_daemon_start_unless_forced_which_is_refused()
    {
        var root = _directory.Combine("root");
        Directory.CreateDirectory(root);
        var file = _directory.Combine("wipe.conf");
        await File.WriteAllTextAsync(file, $"[crio]\nroot = \"{root}\"\n");

        var (code, output, _) = await RunAsync("wipe", "-c", file, "-d", "");
        var (forcedCode, _, forcedErrors) = await RunAsync("-c", file, "-d", "", "wipe", "--force");

        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Contain("nothing to wipe"));
        Assert.That(forcedCode, Is.EqualTo(1));
        Assert.That(forcedErrors, Does.Contain("not supported").And.Contain(root));
        Assert.That(Directory.Exists(root), Is.True);
    }

    [Test]
    public async Task Check_passes_on_a_sound_store_and_fails_on_a_broken_record_or_config()
    {
        var root = _directory.Combine("root");
        Directory.CreateDirectory(Path.Combine(root, "images"));
        var file = _directory.Combine("check.conf");
        await File.WriteAllTextAsync(file, $"[crio]\nroot = \"{root}\"\n");

        var (sound, _, _) = await RunAsync("check", "-c", file, "-d", "");
        await File.WriteAllTextAsync(Path.Combine(root, "images", "abc.json"), "{ not json");
        var (broken, _, errors) = await RunAsync("check", "-c", file, "-d", "");
        var (badConfig, _, configErrors) = await RunAsync("check", "-c", file, "-d", "", "--cgroup-manager", "upstart");

        Assert.That(sound, Is.Zero);
        Assert.That(broken, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("image abc"));
        Assert.That(badConfig, Is.EqualTo(1));
        Assert.That(configErrors, Does.Contain("unable to load configuration").And.Contain("cgroup_manager"));
    }

    [Test]
    public async Task Status_says_plainly_when_no_daemon_listens()
    {
        var (code, _, errors) = await RunAsync("status", "-s", _directory.Combine("absent.sock"), "config");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("cannot connect to"));
    }

    [Test]
    public async Task Config_prints_the_effective_config_which_loads_back_to_the_same()
    {
        var dropIns = _directory.Combine("crio.conf.d");
        Directory.CreateDirectory(dropIns);
        await File.WriteAllTextAsync(Path.Combine(dropIns, "10-a.conf"), "[crio.image]\npause_image = \"registry.test/pause:1\"\n[crio.runtime]\ncgroup_manager = \"cgroupfs\"\nconmon_cgroup = \"pod\"\n");

        var (code, first, _) = await RunAsync("config", "--config", "", "--config-dir", dropIns, "--log-level", "debug");
        var printed = _directory.Combine("printed.conf");
        await File.WriteAllTextAsync(printed, first);
        var (_, second, _) = await RunAsync("config", "--config", printed, "--config-dir", "");

        Assert.That(code, Is.Zero);
        Assert.That(first, Does.Contain("\npause_image = \"registry.test/pause:1\"").And.Contain("\nlog_level = \"debug\"").And.Contain("\n# listen = "));
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public async Task Config_default_prints_the_built_in_defaults()
    {
        var (code, output, _) = await RunAsync("config", "--default");

        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Contain("# listen = \"/var/run/crio/crio.sock\"").And.Contain("# root = \"/var/lib/criengine/storage\""));
    }

    [Test]
    public async Task Config_with_an_invalid_file_names_the_file_and_fails()
    {
        var file = _directory.Combine("bad.conf");
        await File.WriteAllTextAsync(file, "[crio.api]\nlisten = 5\n");

        var (code, _, errors) = await RunAsync("config", "--config", file, "--config-dir", "");

        Assert.That(code, Is.Not.Zero);
        Assert.That(errors, Does.Contain("bad.conf:2").And.Contain("crio.api.listen"));
    }

    [Test]
    public async Task Unknown_flag_is_refused_with_its_name()
    {
        var (code, _, errors) = await RunAsync("--no-such-flag");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(errors, Does.Contain("--no-such-flag"));
    }

    [Test]
    public async Task Missing_explicit_config_file_is_fatal()
    {
        var (code, _, errors) = await RunAsync("config", "--config", _directory.Combine("absent.conf"));

        Assert.That(code, Is.Not.Zero);
        Assert.That(errors, Does.Contain("absent.conf"));
    }

    [Test]
    public async Task The_daemon_takes_a_crio_unit_s_flags_and_environment_with_flags_winning()
    {
        var environment = new Dictionary<string, string>
        {
            ["CONTAINER_PIDS_LIMIT"] = "4096",
            ["CONTAINER_LOG_LEVEL"] = "debug",
            ["CONTAINER_DEFAULT_ULIMITS"] = "nofile=1024:2048,nproc=512:512",
        };
        await using var daemon = await DaemonProcess.StartAsync(_directory, environment,
            "--log-level", "info", "--cgroup-manager", "cgroupfs", "--conmon-cgroup", "pod", "--selinux=false", "--log-journald",
            "--metrics-port=9537", "-s", "overlay");
        using var client = daemon.Client();

        var status = await client.UnaryAsync("/runtime.v1.RuntimeService/Status", new CriEngine.Api.StatusRequest { Verbose = true }, CriEngine.Api.StatusResponse.Parser);

        var runtime = System.Text.Json.Nodes.JsonNode.Parse(status.Info["config"])!["crio"]!["runtime"]!;
        Assert.That((string?)runtime["cgroup_manager"], Is.EqualTo("cgroupfs"));
        Assert.That((string?)runtime["conmon_cgroup"], Is.EqualTo("pod"));
        Assert.That((string?)runtime["log_level"], Is.EqualTo("info"));
        Assert.That((long?)runtime["pids_limit"], Is.EqualTo(4096));
        Assert.That(runtime["default_ulimits"]!.AsArray().Select(limit => (string?)limit), Is.EqualTo(new[] { "nofile=1024:2048", "nproc=512:512" }));
        Assert.That(daemon.Output, Has.Some.Contains("not acted on").And.Contains("--log-journald: crio.runtime.log_to_journald"));
    }

    [Test]
    public async Task Config_reads_the_file_named_before_the_subcommand()
    {
        var file = _directory.Combine("node.conf");
        await File.WriteAllTextAsync(file, "[crio.image]\npause_image = \"registry.test/pause:7\"\n");

        await File.AppendAllTextAsync(file, "[crio.runtime]\nselinux = true\nno_such_key = 1\n");

        var (code, output, errors) = await RunAsync("-c", file, "-d", "", "config");

        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Contain("\npause_image = \"registry.test/pause:7\""));
        Assert.That(errors, Does.Contain("crio.runtime.no_such_key").And.Contain("crio.runtime.selinux = true: not acted on by CriEngine: containers are not labelled for SELinux"));
    }

    private static Task<(int Code, string Output, string Errors)> RunAsync(params string[] args) => CriEngineCli.RunAsync(args);
}
