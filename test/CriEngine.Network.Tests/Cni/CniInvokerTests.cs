using System.Text.Json.Nodes;
using CriEngine.Grpc;
using CriEngine.Network.Cni;
using CriEngine.TestSupport;

namespace CriEngine.Network.Tests.Cni;

/// <summary>
/// The invoker against plugins that are shell scripts: each records the environment and the
/// config it was given, then answers as the test wrote it.
/// </summary>
public sealed class CniInvokerTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void Create() => _dir = new TempDirectory();

    [TearDown]
    public void Remove() => _dir.Dispose();

    [Test]
    public async Task Add_chains_each_result_into_the_next_plugin_and_returns_the_last()
    {
        Plugin("first", """{"cniVersion":"1.0.0","ips":[{"address":"10.9.0.2/24"}]}""");
        Plugin("second", """{"cniVersion":"1.0.0","ips":[{"address":"10.9.0.2/24"}],"dns":{}}""");

        var result = await Invoker().AddAsync(Attachment(Network("1.0.0", """{"type":"first","x":1}""", """{"type":"second"}""")));

        Assert.That(result, Does.Contain("\"dns\""));
        var first = Config("first", "ADD");
        Assert.That(first["name"]!.GetValue<string>(), Is.EqualTo("net"));
        Assert.That(first["cniVersion"]!.GetValue<string>(), Is.EqualTo("1.0.0"));
        Assert.That(first["x"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(first.ContainsKey("prevResult"), Is.False);
        Assert.That(Config("second", "ADD")["prevResult"]!["ips"]![0]!["address"]!.GetValue<string>(), Is.EqualTo("10.9.0.2/24"));
    }

    [Test]
    public async Task Plugins_get_the_pod_in_the_cni_environment()
    {
        Plugin("first", "{}");

        await Invoker().AddAsync(Attachment(Network("1.0.0", """{"type":"first"}""")));

        var environment = Environment("first", "ADD");
        Assert.That(environment, Does.Contain("CNI_COMMAND=ADD"));
        Assert.That(environment, Does.Contain("CNI_CONTAINERID=pod1"));
        Assert.That(environment, Does.Contain("CNI_IFNAME=eth0"));
        Assert.That(environment, Does.Contain($"CNI_PATH={_dir.Combine("none")}:{_dir.Combine("bin")}"));
        Assert.That(environment, Does.Contain("CNI_ARGS=IgnoreUnknown=1;K8S_POD_NAMESPACE=ns;K8S_POD_NAME=web;K8S_POD_INFRA_CONTAINER_ID=pod1;K8S_POD_UID=uid-1"));
        Assert.That(environment, Does.Contain("PATH="), "the daemon's own environment is passed on");
    }

    [Test]
    public async Task Runtime_config_goes_only_to_plugins_with_the_capability()
    {
        Plugin("first", "{}");
        Plugin("second", "{}");
        var attachment = Attachment(Network("1.0.0", """{"type":"first"}""", """{"type":"second","capabilities":{"portMappings":true,"dns":true}}""")) with
        {
            PortMappings = [new CniPortMapping(8080, 80, "tcp", "127.0.0.1"), new CniPortMapping(5353, 53, "udp", "")],
            Dns = new CniDns(["10.0.0.10"], ["svc.cluster.local"], ["ndots:5"]),
        };

        await Invoker().AddAsync(attachment);

        Assert.That(Config("first", "ADD").ContainsKey("runtimeConfig"), Is.False);
        var runtimeConfig = Config("second", "ADD")["runtimeConfig"]!;
        Assert.That(runtimeConfig["portMappings"]!.ToJsonString(), Is.EqualTo(
            """[{"hostPort":8080,"containerPort":80,"protocol":"tcp","hostIP":"127.0.0.1"},{"hostPort":5353,"containerPort":53,"protocol":"udp"}]"""));
        Assert.That(runtimeConfig["dns"]!.ToJsonString(), Is.EqualTo("""{"servers":["10.0.0.10"],"searches":["svc.cluster.local"],"options":["ndots:5"]}"""));
    }

    [Test]
    public async Task Delete_runs_in_reverse_with_the_cached_result_and_no_namespace_once_it_is_gone()
    {
        Plugin("first", "");
        Plugin("second", "");
        var attachment = Attachment(Network("0.4.0", """{"type":"first"}""", """{"type":"second"}""")) with
        {
            NetnsPath = _dir.Combine("gone-netns"),
            Result = """{"cniVersion":"0.4.0","ips":[{"version":"4","address":"10.9.0.3/24"}]}""",
        };

        await Invoker().DeleteAsync(attachment);

        Assert.That(File.ReadAllLines(_dir.Combine("calls")), Is.EqualTo(new[] { "second DEL", "first DEL" }));
        Assert.That(Config("first", "DEL")["prevResult"]!["ips"]![0]!["address"]!.GetValue<string>(), Is.EqualTo("10.9.0.3/24"));
        Assert.That(Environment("first", "DEL"), Does.Contain("CNI_NETNS=\n"));
    }

    [Test]
    public async Task Delete_for_an_old_spec_sends_no_previous_result()
    {
        Plugin("first", "");

        await Invoker().DeleteAsync(Attachment(Network("0.3.1", """{"type":"first"}""")) with { Result = """{"ips":[]}""" });

        Assert.That(Config("first", "DEL").ContainsKey("prevResult"), Is.False);
    }

    [Test]
    public void Failing_plugin_fails_with_its_error_message()
    {
        Plugin("first", """{"cniVersion":"1.0.0","code":11,"msg":"address pool exhausted","details":"10.9.0.0/30"}""", exitCode: 1);

        var error = Assert.ThrowsAsync<RpcException>(() => Invoker().AddAsync(Attachment(Network("1.0.0", """{"type":"first"}"""))));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Internal));
        Assert.That(error.Message, Is.EqualTo("pod pod1: CNI network net: plugin first ADD failed (exit 1): address pool exhausted: 10.9.0.0/30 (code 11)"));
    }

    [Test]
    public void Plugin_that_prints_no_error_object_is_described_by_its_stderr()
    {
        Write("bin/first", "#!/bin/sh\necho 'cannot open bridge' >&2\nexit 2\n");

        var error = Assert.ThrowsAsync<RpcException>(() => Invoker().AddAsync(Attachment(Network("1.0.0", """{"type":"first"}"""))));

        Assert.That(error!.Message, Does.EndWith("(exit 2): cannot open bridge"));
    }

    [Test]
    public void Missing_plugin_is_a_failed_precondition_naming_the_directories()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => Invoker().AddAsync(Attachment(Network("1.0.0", """{"type":"absent"}"""))));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Message, Does.Contain($"plugin absent not found in {_dir.Combine("none")}:{_dir.Combine("bin")}"));
    }

    [Test]
    public async Task Hanging_plugin_is_killed_when_the_timeout_is_spent()
    {
        Write("bin/first", $"#!/bin/sh\necho $$ > {_dir.Combine("pid")}\nexec sleep 600\n");

        var error = Assert.ThrowsAsync<RpcException>(() => Invoker(TimeSpan.FromSeconds(1)).AddAsync(Attachment(Network("1.0.0", """{"type":"first"}"""))));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.DeadlineExceeded));
        Assert.That(error.Message, Does.Contain("plugin first ADD: timed out after 1 s"));
        var pid = File.ReadAllText(_dir.Combine("pid")).Trim();
        Assert.That(await Eventually.TrueAsync(() => !Directory.Exists($"/proc/{pid}"), TimeSpan.FromSeconds(5)), Is.True, "the plugin is gone");
    }

    private CniInvoker Invoker(TimeSpan? timeout = null) =>
        new([_dir.Combine("none"), _dir.Combine("bin")], timeout ?? TimeSpan.FromSeconds(30));

    private static string Network(string version, params string[] plugins) =>
        $$"""{"cniVersion":"{{version}}","name":"net","plugins":[{{string.Join(",", plugins)}}]}""";

    private static CniAttachment Attachment(string network) =>
        new(network, "pod1", "", CniAttachment.DefaultInterface, CniAttachment.PodArguments("ns", "web", "pod1", "uid-1"), [], null);

    /// <summary>A plugin that records its call, environment and stdin, then prints <paramref name="output"/>.</summary>
    private void Plugin(string name, string output, int exitCode = 0)
    {
        Write(Path.Combine("bin", name), $"""
            #!/bin/sh
            echo "{name} $CNI_COMMAND" >> {_dir.Combine("calls")}
            env > {_dir.Combine($"{name}.$CNI_COMMAND.env")}
            cat > {_dir.Combine($"{name}.$CNI_COMMAND.json")}
            printf '%s' '{output}'
            exit {exitCode}

            """);
    }

    private void Write(string relativePath, string text)
    {
        var path = _dir.Write(relativePath, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private JsonObject Config(string plugin, string command) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(_dir.Combine($"{plugin}.{command}.json")))!;

    private string Environment(string plugin, string command) => File.ReadAllText(_dir.Combine($"{plugin}.{command}.env"));
}
