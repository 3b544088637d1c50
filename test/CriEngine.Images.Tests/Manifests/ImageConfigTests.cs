using System.Text;
using CriEngine.Grpc;
using CriEngine.Images.Manifests;

namespace CriEngine.Images.Tests.Manifests;

public sealed class ImageConfigTests
{
    private const string DiffId = "sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";

    private static ImageConfig Parse(string json) => ImageConfig.Parse(Encoding.UTF8.GetBytes(json));

    [Test]
    public void Docker_written_config_gives_every_field()
    {
        var json = $$"""
            {
              "architecture": "arm64", "os": "linux", "variant": "v8",
              "created": "2024-03-05T10:20:30.123456789Z", "author": "someone",
              "config": {
                "User": "1000:1000", "Env": ["PATH=/usr/bin", "A=b"], "Entrypoint": ["/entry"], "Cmd": ["sh", "-c", "x"],
                "WorkingDir": "/work", "Volumes": { "/data": {}, "/cache": {} }, "Labels": { "k": "v" },
                "StopSignal": "SIGQUIT", "ExposedPorts": { "80/tcp": {}, "53/udp": {} },
                "ArgsEscaped": true, "Healthcheck": { "Test": ["NONE"] }
              },
              "rootfs": { "type": "layers", "diff_ids": ["{{DiffId}}"] },
              "history": [{ "created_by": "x" }]
            }
            """;

        var config = Parse(json);

        Assert.That((config.Architecture, config.Os, config.Variant, config.Author), Is.EqualTo(("arm64", "linux", "v8", "someone")));
        Assert.That(config.Created, Is.EqualTo(new DateTimeOffset(2024, 3, 5, 10, 20, 30, TimeSpan.Zero).AddTicks(1234567)));
        var execution = config.Config;
        Assert.That(execution.User, Is.EqualTo("1000:1000"));
        Assert.That(execution.Env, Is.EqualTo(new[] { "PATH=/usr/bin", "A=b" }));
        Assert.That(execution.Entrypoint, Is.EqualTo(new[] { "/entry" }));
        Assert.That(execution.Cmd, Is.EqualTo(new[] { "sh", "-c", "x" }));
        Assert.That(execution.WorkingDir, Is.EqualTo("/work"));
        Assert.That(execution.Volumes, Is.EqualTo(new[] { "/data", "/cache" }));
        Assert.That(execution.Labels, Is.EqualTo(new Dictionary<string, string> { ["k"] = "v" }));
        Assert.That(execution.StopSignal, Is.EqualTo("SIGQUIT"));
        Assert.That(execution.ExposedPorts, Is.EqualTo(new[] { "80/tcp", "53/udp" }));
        Assert.That(config.DiffIds.Select(d => d.ToString()), Is.EqualTo(new[] { DiffId }));
        Assert.That(config.Raw, Is.EqualTo(Encoding.UTF8.GetBytes(json)));
    }

    [Test]
    public void Absent_and_null_execution_fields_read_as_empty()
    {
        var config = Parse($$"""
            { "architecture": "amd64", "os": "linux",
              "config": { "Entrypoint": null, "Cmd": null, "Env": null, "Volumes": null, "Labels": null },
              "rootfs": { "type": "layers", "diff_ids": [] } }
            """);

        Assert.That(config.Config, Is.EqualTo(config.Config with { User = "", WorkingDir = "", StopSignal = "" }));
        Assert.That(config.Config.Entrypoint, Is.Empty);
        Assert.That(config.Config.Cmd, Is.Empty);
        Assert.That(config.Config.Env, Is.Empty);
        Assert.That(config.Config.Labels, Is.Empty);
        Assert.That(config.Created, Is.Null);
        Assert.That(config.DiffIds, Is.Empty);
    }

    [Test]
    public void Config_without_execution_parameters_has_empty_defaults()
    {
        var config = Parse("""{ "architecture": "amd64", "os": "linux", "rootfs": { "type": "layers", "diff_ids": [] } }""");

        Assert.That(config.Config.Cmd, Is.Empty);
        Assert.That(config.Config.ExposedPorts, Is.Empty);
    }

    [Test]
    public void Missing_rootfs_is_refused_naming_it()
    {
        var error = Assert.Throws<RpcException>(() => Parse("""{ "architecture": "amd64", "os": "linux" }"""));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Is.EqualTo("image config: rootfs: missing"));
    }

    [Test]
    public void Invalid_diff_id_is_refused_naming_its_index()
    {
        var error = Assert.Throws<RpcException>(() => Parse(
            $$"""{ "architecture": "amd64", "os": "linux", "rootfs": { "type": "layers", "diff_ids": ["{{DiffId}}", "md5:x"] } }"""));

        Assert.That(error!.Message, Does.Contain("rootfs.diff_ids[1]").And.Contain("md5:x"));
    }

    [Test]
    public void Wrong_field_type_is_refused_naming_the_field()
    {
        var error = Assert.Throws<RpcException>(() => Parse(
            """{ "architecture": "amd64", "os": "linux", "config": { "Cmd": "sh" }, "rootfs": { "type": "layers", "diff_ids": [] } }"""));

        Assert.That(error!.Message, Is.EqualTo("image config: config.Cmd: expected an array, got a string"));
    }
}
