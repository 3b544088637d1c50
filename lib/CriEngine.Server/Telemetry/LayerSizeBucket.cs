namespace CriEngine.Server.Telemetry;

/// <summary>The <c>size</c> label of the pull byte counters: CRI-O's buckets (decimal units, named as CRI-O names them).</summary>
public static class LayerSizeBucket
{
    private static readonly (double Above, string Name)[] Buckets =
    [
        (10e9, ">10 GiB"), (1e9, ">1 GiB"), (500e6, ">500 MiB"), (400e6, ">400 MiB"), (300e6, ">300 MiB"),
        (200e6, ">200 MiB"), (100e6, ">100 MiB"), (50e6, ">50 MiB"), (10e6, ">10 MiB"), (1e6, ">1 MiB"), (1e3, ">1 KiB"),
    ];

    public static string Of(double size)
    {
        foreach (var (above, name) in Buckets)
        {
            if (size > above)
                return name;
        }
        return ">0 B";
    }
}
