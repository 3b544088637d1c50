using System.Text.Json;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Images.Tests.RegistryFixtures;

/// <summary>skopeo (containers/image, the client CRI-O uses) run against the fixtures: what it accepts, a real client accepts.</summary>
internal static class Skopeo
{
    public static async Task<JsonDocument> InspectAsync(string reference, params string[] options)
    {
        var result = await ExternalCommand.RunCheckedAsync("skopeo", ["inspect", .. options, "docker://" + reference]);
        return JsonDocument.Parse(result.StandardOutput);
    }

    public static async Task<byte[]> InspectRawAsync(string reference, params string[] options) =>
        (await ExternalCommand.RunCheckedAsync("skopeo", ["inspect", "--raw", .. options, "docker://" + reference])).StandardOutput;

    /// <summary>Copies an image to an OCI layout under <paramref name="directory"/> (skopeo checks every blob's digest as it copies).</summary>
    public static async Task<string> CopyToOciLayoutAsync(TempDirectory directory, string reference, params string[] options)
    {
        var policy = directory.Write("policy.json", """{"default":[{"type":"insecureAcceptAnything"}]}""");
        var layout = directory.Combine("layout");
        await ExternalCommand.RunCheckedAsync("skopeo", ["--policy", policy, "copy", "--preserve-digests", "--dest-oci-accept-uncompressed-layers", .. options, "docker://" + reference, $"oci:{layout}:copied"]);
        return layout;
    }
}
