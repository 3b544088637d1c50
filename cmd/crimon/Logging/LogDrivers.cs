namespace CriEngine.Crimon.Logging;

/// <summary>
/// The log drivers of conmon's <c>-l</c>/<c>--log-path</c> values, each <c>DRIVER:PATH</c> or a
/// bare path (k8s-file): the k8s-file path, if any; <c>none</c>, <c>off</c> and <c>null</c> log
/// nothing; <c>passthrough</c> leaves the container's stdio on the monitor's own.
/// </summary>
internal sealed record LogDrivers(string? K8sFilePath, bool Passthrough, bool Journald)
{
    /// <summary>The drivers <paramref name="values"/> name; throws with conmon's message for a value it refuses.</summary>
    public static LogDrivers Parse(IReadOnlyList<string> values)
    {
        if (values.Count == 0)
            throw new InvalidOperationException("Log driver not provided. Use --log-path");
        string? k8sFile = null;
        var passthrough = false;
        var journald = false;
        foreach (var value in values)
        {
            // As strtok(":"): empty fields vanish, so ":path" is a path and "driver:" a bare driver.
            var fields = value.Split(':', 3, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
                throw new InvalidOperationException("log-path must not be empty");
            var driver = fields[0];
            var path = fields.Length > 1 ? fields[1] : null;
            if (path is null && value.StartsWith(':'))
            {
                path = driver;
                driver = "k8s-file";
            }
            switch (driver)
            {
                case "off" or "null" or "none":
                    continue;
                case "passthrough":
                    passthrough = true;
                    continue;
                case "journald":
                    journald = true;
                    continue;
                case "k8s-file":
                    k8sFile = path ?? throw new InvalidOperationException("k8s-file requires a filename");
                    continue;
            }
            if (path is null && !value.Contains(':'))
            {
                k8sFile = driver;
                continue;
            }
            throw new InvalidOperationException($"No such log driver {driver}");
        }
        return new LogDrivers(k8sFile, passthrough, journald);
    }
}
