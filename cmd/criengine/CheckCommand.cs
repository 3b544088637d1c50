using System.Text.Json;
using CriEngine.Config;
using CriEngine.Images.Store;

namespace CriEngine.Daemon;

/// <summary>
/// <c>criengine check</c>, after CRI-O's <c>crio check</c>: the configuration must load, and the
/// store under <c>root</c> must open: its directories listable and every image record readable
/// JSON. Exit 0 when sound, 1 otherwise, as crio's. The engine has no repair yet, so
/// <c>--repair</c> and <c>--wipe</c> are refused rather than ignored.
/// </summary>
internal static class CheckCommand
{
    public static int Run(CommandLineArguments arguments, TextWriter output, TextWriter errors)
    {
        if (arguments.Options.ContainsKey("repair") || arguments.Options.ContainsKey("wipe"))
        {
            errors.WriteLine("criengine check: --repair and --wipe are not supported yet; run the check alone");
            return 1;
        }
        CrioConfig config;
        try
        {
            config = new ConfigLoader(ToolLocator.FromEnvironment()).Load(arguments.Sources).Config;
        }
        catch (ConfigException e)
        {
            errors.WriteLine($"criengine check: unable to load configuration:\n{e.Message}");
            return 1;
        }

        var paths = new StorePaths(config.Crio.Root);
        output.WriteLine($"Checking storage directory {paths.Root} for errors");
        if (!Directory.Exists(paths.Root))
        {
            output.WriteLine($"{paths.Root} does not exist yet: nothing to check");
            return 0;
        }
        var problems = new List<string>();
        foreach (var directory in new[] { paths.Images, paths.Layers, paths.Blobs, paths.Containers }.Where(Directory.Exists))
        {
            try
            {
                _ = Directory.EnumerateFileSystemEntries(directory).Count();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{directory}: unable to open storage: {e.Message}");
            }
        }
        if (Directory.Exists(paths.Images))
        {
            foreach (var record in Directory.EnumerateFiles(paths.Images, "*.json"))
            {
                try
                {
                    using var document = JsonDocument.Parse(File.ReadAllBytes(record));
                }
                catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
                {
                    problems.Add($"image {Path.GetFileNameWithoutExtension(record)}: {e.Message}");
                }
            }
        }
        foreach (var problem in problems)
            errors.WriteLine(problem);
        if (problems.Count > 0)
        {
            errors.WriteLine($"criengine check: {problems.Count} error(s) in storage directory {paths.Root}");
            return 1;
        }
        return 0;
    }
}
