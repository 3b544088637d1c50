using System.Text.Json.Serialization;

namespace CriEngine.Oci.Runtime;

/// <summary>The parts of <c>runtime features</c> (runtime-spec features.md) the engine decides on.</summary>
internal sealed class RuntimeFeaturesDocument
{
    [JsonPropertyName("mountOptions")]
    public List<string>? MountOptions { get; set; }

    [JsonPropertyName("linux")]
    public LinuxPart? Linux { get; set; }

    internal sealed class LinuxPart
    {
        [JsonPropertyName("namespaces")]
        public List<string>? Namespaces { get; set; }

        [JsonPropertyName("mountExtensions")]
        public MountExtensionsPart? MountExtensions { get; set; }
    }

    internal sealed class MountExtensionsPart
    {
        [JsonPropertyName("idmap")]
        public EnabledPart? Idmap { get; set; }
    }

    internal sealed class EnabledPart
    {
        [JsonPropertyName("enabled")]
        public bool? Enabled { get; set; }
    }
}
