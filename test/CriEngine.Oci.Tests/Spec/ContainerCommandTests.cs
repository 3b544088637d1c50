using CriEngine.Grpc;
using CriEngine.Oci.Spec;
using CriEngine.TestSupport;

namespace CriEngine.Oci.Tests.Spec;

public sealed class ContainerCommandTests
{
    private TempDirectory _rootfs = null!;

    [SetUp]
    public void SetUp() => _rootfs = new TempDirectory("criengine-spec");

    [TearDown]
    public void TearDown() => _rootfs.Dispose();

    private static readonly string[] Entrypoint = ["/ep-1"];
    private static readonly string[] Cmd = ["foo", "bar"];
    private static readonly string[] Command = ["/ep-2"];
    private static readonly string[] Args = ["zoo", "boo"];
    private static readonly string[] None = [];

    // Every combination of image entrypoint, image cmd, container command and container args,
    // with the process Kubernetes documents for it ("Define a Command and Arguments for a Container").
    private static IEnumerable<TestCaseData> Table()
    {
        yield return Case(Entrypoint, Cmd, None, None, "/ep-1 foo bar");
        yield return Case(Entrypoint, Cmd, Command, None, "/ep-2");
        yield return Case(Entrypoint, Cmd, None, Args, "/ep-1 zoo boo");
        yield return Case(Entrypoint, Cmd, Command, Args, "/ep-2 zoo boo");
        yield return Case(Entrypoint, None, None, None, "/ep-1");
        yield return Case(Entrypoint, None, Command, None, "/ep-2");
        yield return Case(Entrypoint, None, None, Args, "/ep-1 zoo boo");
        yield return Case(Entrypoint, None, Command, Args, "/ep-2 zoo boo");
        yield return Case(None, Cmd, None, None, "foo bar");
        yield return Case(None, Cmd, Command, None, "/ep-2");
        yield return Case(None, Cmd, None, Args, "zoo boo");
        yield return Case(None, Cmd, Command, Args, "/ep-2 zoo boo");
        yield return Case(None, None, Command, None, "/ep-2");
        yield return Case(None, None, None, Args, "zoo boo");
        yield return Case(None, None, Command, Args, "/ep-2 zoo boo");
    }

    private static TestCaseData Case(string[] entrypoint, string[] cmd, string[] command, string[] args, string expected) =>
        new TestCaseData(entrypoint, cmd, command, args, expected)
            .SetName($"Entrypoint [{string.Join(' ', entrypoint)}] cmd [{string.Join(' ', cmd)}] command [{string.Join(' ', command)}] args [{string.Join(' ', args)}] runs [{expected}]");

    [TestCaseSource(nameof(Table))]
    public async Task Process_follows_the_Kubernetes_command_rules(string[] entrypoint, string[] cmd, string[] command, string[] args, string expected)
    {
        var config = SpecInputs.Container();
        config.Command.AddRange(command);
        config.Args.AddRange(args);

        var result = await SpecInputs.BuildAsync(_rootfs.Path, config, image: new ImageDefaults { Entrypoint = entrypoint, Cmd = cmd });

        Assert.That(string.Join(' ', result.Spec.Process!.Args), Is.EqualTo(expected));
    }

    [Test]
    public void No_command_anywhere_is_refused_naming_the_container()
    {
        var config = SpecInputs.Container("worker");

        var error = Assert.ThrowsAsync<RpcException>(() => SpecInputs.BuildAsync(_rootfs.Path, config, image: new ImageDefaults()));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("container worker").And.Contain("no command"));
    }
}
