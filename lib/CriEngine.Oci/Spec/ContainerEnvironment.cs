using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Oci.Spec;

/// <summary>
/// The process environment as CRI-O builds it: a default PATH, TERM for a terminal and HOSTNAME,
/// then default_env's variables, then the image's, then the request's, a later one replacing an
/// earlier one of the same name in place.
/// </summary>
internal static class ContainerEnvironment
{
    public const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static IReadOnlyList<string> Build(IEnumerable<string> defaultEnv, IEnumerable<string> imageEnv, IEnumerable<KeyValue> requested, string hostname, bool terminal)
    {
        var entries = new List<string>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        void Set(string entry)
        {
            // An entry without "=" or without a name is no variable; runc would refuse it.
            var separator = entry.IndexOf('=');
            if (separator <= 0)
                return;
            var name = entry[..separator];
            if (positions.TryGetValue(name, out var position))
                entries[position] = entry;
            else
            {
                positions[name] = entries.Count;
                entries.Add(entry);
            }
        }

        Set(DefaultPath);
        if (terminal)
            Set("TERM=xterm");
        Set("HOSTNAME=" + hostname);
        foreach (var entry in defaultEnv)
            Set(entry);
        foreach (var entry in imageEnv)
            Set(entry);
        foreach (var variable in requested)
            Set(variable.Key + "=" + variable.Value);
        return entries;
    }

    /// <summary>
    /// The process's HOME, null when unset. A newline in it is refused: HOME becomes the home of a
    /// generated /etc/passwd entry, and a newline would add lines of the caller's choosing, a user
    /// with uid 0 among them. (CRI-O means to refuse it but looks for a backslash and an "n".)
    /// </summary>
    public static string? Home(IReadOnlyList<string> environment, string subject)
    {
        var home = environment.FirstOrDefault(entry => entry.StartsWith("HOME=", StringComparison.Ordinal))?["HOME=".Length..];
        return home is not null && home.Contains('\n', StringComparison.Ordinal)
            ? throw new RpcException(StatusCode.InvalidArgument, $"{subject}: environment variable HOME contains a newline, which would inject entries into the container's /etc/passwd")
            : home;
    }
}
