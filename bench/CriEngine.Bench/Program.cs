using CriEngine.Bench;

// make bench: the engine's figures, each beside a baseline measured in the same run.
// make bench BENCH="pods streaming" runs only the parts named (version, pulls, pods, recovery, streaming, monitors, systemd, footprint).
string[] parts = ["version", "pulls", "pods", "recovery", "streaming", "monitors", "systemd", "footprint"];
if (args.Length < 2 || args.Skip(2).FirstOrDefault(part => !parts.Contains(part)) is { } unknown)
{
    Console.Error.WriteLine($"usage: CriEngine.Bench ENGINE_BINARY KESTREL_BASELINE_BINARY [{string.Join('|', parts)}]...");
    return 2;
}
var chosen = args.Length > 2 ? args[2..] : parts;

var work = Directory.CreateTempSubdirectory("criengine-bench-");
try
{
    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
    var engine = new Engine(args[0], work.FullName);
    if (chosen.Contains("version"))
        await VersionBench.RunAsync(engine, args[1], work.FullName);
    if (chosen.Contains("pulls"))
        await PullBench.RunAsync(engine, work.FullName);
    if (chosen.Contains("pods"))
        await PodBench.RunAsync(Path.GetFullPath(args[0]));
    if (chosen.Contains("recovery"))
        await RecoveryBench.RunAsync(Path.GetFullPath(args[0]));
    if (chosen.Contains("streaming"))
        await StreamingBench.RunAsync(Path.GetFullPath(args[0]));
    if (chosen.Contains("monitors"))
        await MonitorBench.RunAsync(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(args[0])!, "..", "crimon", "crimon")));
    if (chosen.Contains("systemd"))
        await SystemdBench.RunAsync();
    if (chosen.Contains("footprint"))
        await FootprintBench.RunAsync(Path.GetFullPath(args[0]));
    return 0;
}
finally
{
    work.Delete(recursive: true);
}
