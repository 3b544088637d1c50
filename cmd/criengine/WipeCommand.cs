using CriEngine.Config;

namespace CriEngine.Daemon;

/// <summary>
/// <c>criengine wipe</c>. With CRI-O's default <c>internal_wipe = true</c> and no
/// <c>--force</c>, <c>crio wipe</c> leaves the work to the daemon's start; the engine does the
/// same (it reconciles its records with the node at every start), so the command succeeds
/// having nothing to do. Removing containers and images outright (<c>--force</c>, or
/// <c>internal_wipe = false</c>) is refused: the engine's store cannot yet be emptied safely
/// while mounts or a running daemon may use it.
/// </summary>
internal static class WipeCommand
{
    public static int Run(CommandLineArguments arguments, TextWriter output, TextWriter errors)
    {
        CrioConfig config;
        try
        {
            config = new ConfigLoader(ToolLocator.FromEnvironment()).Load(arguments.Sources).Config;
        }
        catch (ConfigException e)
        {
            errors.WriteLine($"criengine wipe: invalid configuration:\n{e.Message}");
            return 1;
        }
        if (!arguments.Options.ContainsKey("force") && config.Crio.InternalWipe)
        {
            output.WriteLine("internal_wipe is set: the daemon brings its containers and images in line with the node when it starts; nothing to wipe now");
            return 0;
        }
        errors.WriteLine(
            $"criengine wipe: removing containers and images is not supported yet; stop the daemon and remove {config.Crio.Root} and {config.Crio.RunRoot} to start afresh");
        return 1;
    }
}
