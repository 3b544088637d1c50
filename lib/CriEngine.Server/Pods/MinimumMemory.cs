using System.Globalization;
using CriEngine.Config;
using CriEngine.Grpc;

namespace CriEngine.Server.Pods;

/// <summary>
/// A runtime handler's <c>container_min_memory</c>: a memory limit below it is refused, as CRI-O
/// refuses it, since runc's own start-up does not fit in less. Sizes are read as CRI-O reads them
/// (docker's RAMInBytes: "12MiB", "12m", "500KiB", powers of 1024).
/// </summary>
internal static class MinimumMemory
{
    /// <summary>CRI-O's default when the handler sets none.</summary>
    private const long Default = 12 * 1024 * 1024;

    /// <exception cref="RpcException">InvalidArgument naming the container, the limit and the minimum.</exception>
    public static void Check(RuntimeHandlerSection? handler, string handlerName, long memoryLimit, string subject)
    {
        if (memoryLimit <= 0)
            return;
        var minimum = Of(handler, handlerName);
        if (memoryLimit < minimum)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: set memory limit {memoryLimit} too low; should be at least {minimum} bytes (container_min_memory of runtime handler {handlerName})");
    }

    private static long Of(RuntimeHandlerSection? handler, string handlerName)
    {
        var text = handler?.ContainerMinMemory ?? "";
        if (text.Length == 0)
            return Default;
        return TryParse(text, out var bytes)
            ? bytes
            : throw new RpcException(StatusCode.FailedPrecondition, $"runtime handler {handlerName}: container_min_memory = \"{text}\" is not a size such as \"12MiB\"");
    }

    internal static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var span = text.AsSpan().Trim();
        var end = 0;
        while (end < span.Length && (char.IsAsciiDigit(span[end]) || span[end] == '.'))
            end++;
        if (end == 0 || !double.TryParse(span[..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            return false;
        var unit = span[end..].Trim().ToString().ToLowerInvariant();
        long? multiplier = unit switch
        {
            "" or "b" => 1,
            "k" or "kb" or "kib" => 1L << 10,
            "m" or "mb" or "mib" => 1L << 20,
            "g" or "gb" or "gib" => 1L << 30,
            "t" or "tb" or "tib" => 1L << 40,
            "p" or "pb" or "pib" => 1L << 50,
            _ => null,
        };
        if (multiplier is null)
            return false;
        bytes = (long)(number * multiplier.Value);
        return true;
    }
}
