using CriEngine.Bench;

// make bench: the engine's figures, each beside a baseline measured in the same run.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: CriEngine.Bench ENGINE_BINARY KESTREL_BASELINE_BINARY");
    return 2;
}

var work = Directory.CreateTempSubdirectory("criengine-bench-");
try
{
    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
    var engine = new Engine(args[0], work.FullName);
    await VersionBench.RunAsync(engine, args[1], work.FullName);
    await PullBench.RunAsync(engine, work.FullName);
    await PodBench.RunAsync(Path.GetFullPath(args[0]));
    await StreamingBench.RunAsync(Path.GetFullPath(args[0]));
    return 0;
}
finally
{
    work.Delete(recursive: true);
}
