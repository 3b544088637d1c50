namespace CriEngine.Images.Manifests;

/// <summary>
/// The defaults an image gives the containers run from it (OCI image config, <c>config</c>).
/// Absent fields read as empty.
/// </summary>
public sealed record ImageExecutionConfig(
    string User,
    IReadOnlyList<string> Env,
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> Cmd,
    string WorkingDir,
    IReadOnlyList<string> Volumes,
    IReadOnlyDictionary<string, string> Labels,
    string StopSignal,
    IReadOnlyList<string> ExposedPorts);
