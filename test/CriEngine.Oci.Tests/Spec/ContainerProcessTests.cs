using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Spec;
using CriEngine.TestSupport;

namespace CriEngine.Oci.Tests.Spec;

public sealed class ContainerProcessTests
{
    private TempDirectory _rootfs = null!;

    [SetUp]
    public void SetUp() => _rootfs = new TempDirectory("criengine-spec");

    [TearDown]
    public void TearDown() => _rootfs.Dispose();

    [Test]
    public async Task Request_env_overrides_the_image_env_of_the_same_name_in_place()
    {
        var config = SpecInputs.Container();
        config.Envs.Add(new KeyValue { Key = "B", Value = "from-request" });
        config.Envs.Add(new KeyValue { Key = "C", Value = "3" });
        var image = SpecInputs.Image() with { Env = ["PATH=/image/bin", "A=1", "B=from-image", "NOVALUE", "=nameless"] };

        var env = (await SpecInputs.BuildAsync(_rootfs.Path, config, image: image)).Spec.Process!.Env;

        Assert.That(env, Is.EqualTo(new[] { "PATH=/image/bin", "HOSTNAME=web-0", "A=1", "B=from-request", "C=3" }));
    }

    [Test]
    public async Task Default_env_comes_before_the_image_env_and_the_request_env_which_override_it()
    {
        var config = SpecInputs.Container();
        config.Envs.Add(new KeyValue { Key = "B", Value = "from-request" });
        var image = SpecInputs.Image() with { Env = ["A=from-image"] };
        var input = SpecInputs.ForContainer(_rootfs.Path, config, image: image) with { DefaultEnv = ["A=default", "B=default", "C=default"] };

        var env = (await ContainerSpecBuilder.BuildAsync(input)).Spec.Process!.Env;

        Assert.That(env, Is.EqualTo(new[]
        {
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=web-0", "A=from-image", "B=from-request", "C=default",
        }));
    }

    [Test]
    public async Task Image_without_PATH_gets_the_default_one_and_a_terminal_gets_TERM()
    {
        var config = SpecInputs.Container();
        config.Tty = true;

        var process = (await SpecInputs.BuildAsync(_rootfs.Path, config)).Spec.Process!;

        Assert.That(process.Env, Is.EqualTo(new[]
        {
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm", "HOSTNAME=web-0",
        }));
        Assert.That(process.Terminal, Is.True);
    }

    [Test]
    public async Task Without_a_terminal_the_spec_has_none()
    {
        var process = (await SpecInputs.BuildAsync(_rootfs.Path, SpecInputs.Container())).Spec.Process!;

        Assert.That(process.Terminal, Is.Null);
        Assert.That(process.Env, Has.None.StartsWith("TERM="));
    }

    [TestCase("/srv/request", "/srv/image", "/srv/request")]
    [TestCase("", "/srv/image", "/srv/image")]
    [TestCase("", "", "/")]
    public async Task Working_directory_is_the_request_s_else_the_image_s_else_root(string requested, string fromImage, string expected)
    {
        var config = SpecInputs.Container();
        config.WorkingDir = requested;

        var spec = (await SpecInputs.BuildAsync(_rootfs.Path, config, image: SpecInputs.Image() with { WorkingDir = fromImage })).Spec;

        Assert.That(spec.Process!.Cwd, Is.EqualTo(expected));
        Assert.That(Directory.Exists(_rootfs.Combine(expected.TrimStart('/'))), Is.True, "created in the rootfs");
    }

    [Test]
    public async Task Working_directory_behind_a_symlink_out_of_the_rootfs_is_created_inside_it()
    {
        using var outside = new TempDirectory("criengine-outside");
        Directory.CreateSymbolicLink(_rootfs.Combine("srv"), outside.Path);
        var config = SpecInputs.Container();
        config.WorkingDir = "/srv/app";

        await SpecInputs.BuildAsync(_rootfs.Path, config);

        Assert.That(Directory.Exists(Path.Combine(outside.Path, "app")), Is.False);
        Assert.That(Directory.Exists(_rootfs.Combine(outside.Path.TrimStart('/'), "app")), Is.True);
    }

    [Test]
    public void Working_directory_that_is_a_file_in_the_image_is_refused()
    {
        _rootfs.Write("app", "not a directory");
        var config = SpecInputs.Container();
        config.WorkingDir = "/app";

        var error = Assert.ThrowsAsync<RpcException>(() => SpecInputs.BuildAsync(_rootfs.Path, config));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("/app is not a directory"));
    }

    [Test]
    public async Task Image_volumes_are_created_as_directories_owned_by_the_container_user()
    {
        var self = Native.Statx.Get(_rootfs.Path, followSymlinks: true)!;
        var image = SpecInputs.Image() with { User = $"{self.Uid}:{self.Gid}", Volumes = ["/data", "/var/cache/app"] };

        await SpecInputs.BuildAsync(_rootfs.Path, SpecInputs.Container(), image: image);

        foreach (var volume in new[] { "data", "var/cache/app" })
        {
            var status = Native.Statx.Get(_rootfs.Combine(volume), followSymlinks: false);
            Assert.That(status?.IsDirectory, Is.True, volume);
            Assert.That((status!.Uid, status.Gid), Is.EqualTo((self.Uid, self.Gid)), volume);
        }
    }

    [TestCase(null, Signal.RuntimeDefault, 15)]
    [TestCase("SIGKILL", Signal.RuntimeDefault, 9)]
    [TestCase("KILL", Signal.RuntimeDefault, 9)]
    [TestCase("9", Signal.RuntimeDefault, 9)]
    [TestCase("sigquit", Signal.RuntimeDefault, 3)]
    [TestCase("SIGRTMIN+3", Signal.RuntimeDefault, 37)]
    [TestCase("SIGKILL", Signal.Sigusr1, 10)]
    [TestCase(null, Signal.Sigrtmaxminus2, 62)]
    public async Task Stop_signal_is_the_request_s_else_the_image_s_else_SIGTERM(string? fromImage, Signal requested, int expected)
    {
        var config = SpecInputs.Container();
        config.StopSignal = requested;

        var result = await SpecInputs.BuildAsync(_rootfs.Path, config, image: SpecInputs.Image() with { StopSignal = fromImage });

        Assert.That(result.StopSignal, Is.EqualTo(expected));
    }

    [Test]
    public void Image_stop_signal_that_is_no_signal_is_refused()
    {
        var error = Assert.ThrowsAsync<RpcException>(() =>
            SpecInputs.BuildAsync(_rootfs.Path, SpecInputs.Container(), image: SpecInputs.Image() with { StopSignal = "SIGNOPE" }));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("SIGNOPE"));
    }
}
