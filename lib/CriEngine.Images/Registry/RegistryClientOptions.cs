namespace CriEngine.Images.Registry;

/// <summary>How a <see cref="RegistryClient"/> talks to registries.</summary>
public sealed record RegistryClientOptions
{
    /// <summary>Per-registry TLS files, <c>DIR/HOST[:PORT]/</c> (containers-certs.d(5)); read again when they change.</summary>
    public string CertsDirectory { get; init; } = "/etc/containers/certs.d";

    public string UserAgent { get; init; } = $"criengine/{typeof(RegistryClientOptions).Assembly.GetName().Version?.ToString(3)}";

    /// <summary>Further attempts after a failed one (5xx, 429, dropped connection, timeout), and resumes of one blob download.</summary>
    public int RetryCount { get; init; } = 3;

    /// <summary>The wait before the first retry; it doubles for each further one.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>One attempt's limit: for a blob until the response headers, for a manifest or token including the body.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one read of a blob body may wait for data before the connection counts as dropped.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Manifests larger than this are refused (containers/image allows 4 MiB).</summary>
    public int ManifestSizeLimit { get; init; } = 4 * 1024 * 1024;
}
