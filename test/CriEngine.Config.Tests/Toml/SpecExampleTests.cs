using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class SpecExampleTests
{
    [Test]
    public void Readme_example_reads_to_the_documented_structure()
    {
        const string document = """
            # This is a TOML document

            title = "TOML Example"

            [owner]
            name = "Tom Preston-Werner"
            dob = 1979-05-27T07:32:00-08:00

            [database]
            enabled = true
            ports = [ 8000, 8001, 8002 ]
            data = [ ["delta", "phi"], [3.14] ]
            temp_targets = { cpu = 79.5, case = 72.0 }

            [servers]

            [servers.alpha]
            ip = "10.0.0.1"
            role = "frontend"

            [servers.beta]
            ip = "10.0.0.2"
            role = "backend"
            """;

        Assert.That(TomlDump.Parse(document), Is.EqualTo(
            "{title: \"TOML Example\", owner: {name: \"Tom Preston-Werner\", dob: odt(1979-05-27T07:32:00-08:00)}, "
            + "database: {enabled: true, ports: [8000, 8001, 8002], data: [[\"delta\", \"phi\"], [float(3.14)]], "
            + "temp_targets: {cpu: float(79.5), case: float(72)}}, "
            + "servers: {alpha: {ip: \"10.0.0.1\", role: \"frontend\"}, beta: {ip: \"10.0.0.2\", role: \"backend\"}}}"));
    }

    [Test]
    public void Crio_style_configuration_reads()
    {
        const string document = """
            # The CRI-O configuration file specifies all of the available configuration
            # options and command-line flags for the crio(8) OCI Kubernetes Container Runtime daemon.

            [crio]
            root = "/var/lib/containers/storage"
            runroot = "/run/containers/storage"
            storage_option = [
            	"overlay.mountopt=nodev",
            ]
            log_dir = "/var/log/crio/pods"

            [crio.api]
            listen = "/var/run/crio/crio.sock"
            stream_port = "0"
            grpc_max_send_msg_size = 83886080

            [crio.runtime]
            default_runtime = "runc"
            default_ulimits = [ ]
            conmon_env = [
            	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ]
            pids_limit = -1
            log_size_max = -1

            [crio.runtime.runtimes.runc]
            runtime_path = ""
            runtime_type = "oci"
            runtime_root = "/run/runc"
            allowed_annotations = ["io.containers.trace-syscall"]

            [crio.image]
            default_transport = "docker://"
            pause_image = "registry.k8s.io/pause:3.9"
            """;

        var crio = (TomlTable)TomlParser.Parse(document)["crio"];
        var runtime = (TomlTable)crio["runtime"];
        var runc = (TomlTable)((TomlTable)runtime["runtimes"])["runc"];

        Assert.Multiple(() =>
        {
            Assert.That(TomlDump.Of(crio["storage_option"]), Is.EqualTo("[\"overlay.mountopt=nodev\"]"));
            Assert.That(((TomlInteger)((TomlTable)crio["api"])["grpc_max_send_msg_size"]).Value, Is.EqualTo(83886080));
            Assert.That(((TomlInteger)runtime["pids_limit"]).Value, Is.EqualTo(-1));
            Assert.That(((TomlArray)runtime["default_ulimits"]).Count, Is.Zero);
            Assert.That(((TomlString)runc["runtime_root"]).Value, Is.EqualTo("/run/runc"));
            Assert.That(crio.Keys, Is.EqualTo(new[] { "root", "runroot", "storage_option", "log_dir", "api", "runtime", "image" }));
        });
    }

    [Test]
    public void Key_order_is_the_order_of_first_definition()
    {
        var table = TomlParser.Parse("z = 1\n[m]\n[a]\n[m.x]\n");

        Assert.That(table.Keys, Is.EqualTo(new[] { "z", "m", "a" }));
    }
}
