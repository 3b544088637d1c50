using System.Globalization;

namespace CriEngine.Server.Pods;

/// <summary>
/// A Kubernetes resource quantity in bytes ("64Mi", "1G", "1.5Gi", "100000"), as the kubelet and
/// CRI-O's shm-size annotation write it: binary (Ki … Ei) and decimal (k … E) suffixes.
/// Exponent forms ("1e6") and fractions of a byte are not taken.
/// </summary>
internal static class ResourceQuantity
{
    public static bool TryParseBytes(string text, out long bytes)
    {
        bytes = 0;
        var span = text.AsSpan().Trim();
        var end = 0;
        while (end < span.Length && (char.IsAsciiDigit(span[end]) || span[end] == '.'))
            end++;
        if (end == 0 || !decimal.TryParse(span[..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            return false;
        decimal? multiplier = span[end..].ToString() switch
        {
            "" => 1m,
            "Ki" => 1m * (1L << 10),
            "Mi" => 1m * (1L << 20),
            "Gi" => 1m * (1L << 30),
            "Ti" => 1m * (1L << 40),
            "Pi" => 1m * (1L << 50),
            "Ei" => 1m * (1L << 60),
            "k" => 1e3m,
            "M" => 1e6m,
            "G" => 1e9m,
            "T" => 1e12m,
            "P" => 1e15m,
            "E" => 1e18m,
            _ => null,
        };
        if (multiplier is null)
            return false;
        var value = number * multiplier.Value;
        if (value != decimal.Truncate(value) || value > long.MaxValue)
            return false;
        bytes = (long)value;
        return true;
    }
}
