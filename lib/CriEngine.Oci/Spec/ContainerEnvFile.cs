namespace CriEngine.Oci.Spec;

/// <summary>
/// The pod's <c>.containerenv</c>, empty as CRI-O writes it, which every container of the pod sees
/// at <c>/run/.containerenv</c>: the mark by which programs (podman's tools, systemd, toolbox)
/// tell that they run in a container.
/// </summary>
public static class ContainerEnvFile
{
    public const string Destination = "/run/.containerenv";

    private const string FileName = ".containerenv";

    /// <summary>The file in the pod's directory, made empty if it is not there yet (a pod made before the engine wrote it).</summary>
    public static string Ensure(string podDirectory)
    {
        var path = Path.Combine(podDirectory, FileName);
        if (!File.Exists(path))
            File.WriteAllBytes(path, []);
        return path;
    }
}
