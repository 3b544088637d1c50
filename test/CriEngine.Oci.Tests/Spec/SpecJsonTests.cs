using System.Text;
using CriEngine.Oci.Spec;
using CriEngine.TestSupport;

namespace CriEngine.Oci.Tests.Spec;

public sealed class SpecJsonTests
{
    private static readonly RuntimeSpec Sample = new()
    {
        Process = new OciProcess
        {
            Terminal = true,
            User = new OciUser { Uid = 0, Gid = 0, Umask = 18, AdditionalGids = [0, 10] },
            Args = ["/bin/sh"],
            Env = ["PATH=/bin"],
            Cwd = "/",
            Capabilities = new OciCapabilities { Bounding = ["CAP_KILL"], Effective = ["CAP_KILL"], Inheritable = [], Permitted = ["CAP_KILL"], Ambient = [] },
            Rlimits = [new OciRlimit { Type = "RLIMIT_NOFILE", Hard = 1024, Soft = 1024 }],
            NoNewPrivileges = true,
            ApparmorProfile = "crio-default",
            OomScoreAdj = -997,
            SelinuxLabel = "system_u:system_r:container_t:s0",
        },
        Root = new OciRoot { Path = "/rootfs", Readonly = true },
        Hostname = "web-0",
        Mounts =
        [
            new OciMount
            {
                Destination = "/data", Type = "bind", Source = "/srv", Options = ["rbind", "ro"],
                UidMappings = [new OciIdMapping { ContainerId = 0, HostId = 100000, Size = 65536 }],
            },
        ],
        Annotations = new Dictionary<string, string> { ["io.kubernetes.cri-o.ContainerType"] = "container" },
        Linux = new OciLinux
        {
            UidMappings = [new OciIdMapping { ContainerId = 0, HostId = 100000, Size = 65536 }],
            GidMappings = [new OciIdMapping { ContainerId = 0, HostId = 100000, Size = 65536 }],
            Sysctl = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1" },
            Resources = new OciResources
            {
                Devices = [new OciDeviceRule { Allow = false, Access = "rwm" }, new OciDeviceRule { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rw" }],
                Memory = new OciMemory { Limit = 1073741824, Reservation = 536870912, Swap = 1073741824 },
                Cpu = new OciCpu { Shares = 512, Quota = 50000, Period = 100000, Cpus = "0-1", Mems = "0" },
                Pids = new OciPids { Limit = 1024 },
                HugepageLimits = [new OciHugepageLimit { PageSize = "2MB", Limit = 4194304 }],
                Unified = new Dictionary<string, string> { ["memory.high"] = "900000000" },
            },
            CgroupsPath = "pod.slice:crio:abc",
            Namespaces = [new OciNamespace { Type = "pid" }, new OciNamespace { Type = "network", Path = "/var/run/netns/x" }],
            Devices = [new OciDevice { Path = "/dev/sink", Type = "c", Major = 1, Minor = 3, FileMode = 438, Uid = 0, Gid = 0 }],
            Seccomp = new OciSeccomp
            {
                DefaultAction = "SCMP_ACT_ERRNO",
                DefaultErrnoRet = 1,
                Architectures = ["SCMP_ARCH_X86_64"],
                Syscalls = [new OciSyscallRule { Names = ["personality"], Action = "SCMP_ACT_ALLOW", Args = [new OciSyscallArgument { Index = 0, Value = 0, Op = "SCMP_CMP_EQ" }] }],
            },
            RootfsPropagation = "rslave",
            MaskedPaths = ["/proc/kcore"],
            ReadonlyPaths = ["/proc/sys"],
            MountLabel = "system_u:object_r:container_file_t:s0",
        },
    };

    // Field names as runtime-spec's config.md and config-linux.md spell them.
    private const string Golden = """
        {
          "ociVersion": "1.0.2",
          "process": {
            "terminal": true,
            "user": {
              "uid": 0,
              "gid": 0,
              "umask": 18,
              "additionalGids": [
                0,
                10
              ]
            },
            "args": [
              "/bin/sh"
            ],
            "env": [
              "PATH=/bin"
            ],
            "cwd": "/",
            "capabilities": {
              "bounding": [
                "CAP_KILL"
              ],
              "effective": [
                "CAP_KILL"
              ],
              "inheritable": [],
              "permitted": [
                "CAP_KILL"
              ],
              "ambient": []
            },
            "rlimits": [
              {
                "type": "RLIMIT_NOFILE",
                "hard": 1024,
                "soft": 1024
              }
            ],
            "noNewPrivileges": true,
            "apparmorProfile": "crio-default",
            "oomScoreAdj": -997,
            "selinuxLabel": "system_u:system_r:container_t:s0"
          },
          "root": {
            "path": "/rootfs",
            "readonly": true
          },
          "hostname": "web-0",
          "mounts": [
            {
              "destination": "/data",
              "type": "bind",
              "source": "/srv",
              "options": [
                "rbind",
                "ro"
              ],
              "uidMappings": [
                {
                  "containerID": 0,
                  "hostID": 100000,
                  "size": 65536
                }
              ]
            }
          ],
          "annotations": {
            "io.kubernetes.cri-o.ContainerType": "container"
          },
          "linux": {
            "uidMappings": [
              {
                "containerID": 0,
                "hostID": 100000,
                "size": 65536
              }
            ],
            "gidMappings": [
              {
                "containerID": 0,
                "hostID": 100000,
                "size": 65536
              }
            ],
            "sysctl": {
              "net.ipv4.ip_forward": "1"
            },
            "resources": {
              "devices": [
                {
                  "allow": false,
                  "access": "rwm"
                },
                {
                  "allow": true,
                  "type": "c",
                  "major": 1,
                  "minor": 3,
                  "access": "rw"
                }
              ],
              "memory": {
                "limit": 1073741824,
                "reservation": 536870912,
                "swap": 1073741824
              },
              "cpu": {
                "shares": 512,
                "quota": 50000,
                "period": 100000,
                "cpus": "0-1",
                "mems": "0"
              },
              "pids": {
                "limit": 1024
              },
              "hugepageLimits": [
                {
                  "pageSize": "2MB",
                  "limit": 4194304
                }
              ],
              "unified": {
                "memory.high": "900000000"
              }
            },
            "cgroupsPath": "pod.slice:crio:abc",
            "namespaces": [
              {
                "type": "pid"
              },
              {
                "type": "network",
                "path": "/var/run/netns/x"
              }
            ],
            "devices": [
              {
                "path": "/dev/sink",
                "type": "c",
                "major": 1,
                "minor": 3,
                "fileMode": 438,
                "uid": 0,
                "gid": 0
              }
            ],
            "seccomp": {
              "defaultAction": "SCMP_ACT_ERRNO",
              "defaultErrnoRet": 1,
              "architectures": [
                "SCMP_ARCH_X86_64"
              ],
              "syscalls": [
                {
                  "names": [
                    "personality"
                  ],
                  "action": "SCMP_ACT_ALLOW",
                  "args": [
                    {
                      "index": 0,
                      "value": 0,
                      "op": "SCMP_CMP_EQ"
                    }
                  ]
                }
              ]
            },
            "rootfsPropagation": "rslave",
            "maskedPaths": [
              "/proc/kcore"
            ],
            "readonlyPaths": [
              "/proc/sys"
            ],
            "mountLabel": "system_u:object_r:container_file_t:s0"
          }
        }
        """;

    [Test]
    public void Spec_is_written_with_the_OCI_field_names()
    {
        Assert.That(Encoding.UTF8.GetString(SpecFile.Serialize(Sample)), Is.EqualTo(Golden));
    }

    [Test]
    public void Unset_fields_are_left_out()
    {
        var minimal = new RuntimeSpec { Process = new OciProcess { User = new OciUser(), Args = ["/pause"], Cwd = "/" } };

        Assert.That(Encoding.UTF8.GetString(SpecFile.Serialize(minimal)), Is.EqualTo("""
            {
              "ociVersion": "1.0.2",
              "process": {
                "user": {
                  "uid": 0,
                  "gid": 0
                },
                "args": [
                  "/pause"
                ],
                "cwd": "/"
              }
            }
            """));
    }

    [Test]
    public async Task Spec_file_is_config_json_in_the_bundle_and_nothing_else()
    {
        using var bundle = new TempDirectory("criengine-bundle");

        await SpecFile.WriteAsync(bundle.Path, Sample);

        Assert.That(Directory.GetFiles(bundle.Path).Select(Path.GetFileName), Is.EqualTo(new[] { "config.json" }));
        Assert.That(await File.ReadAllTextAsync(bundle.Combine("config.json")), Is.EqualTo(Golden));
    }
}
