namespace CriEngine.Server.State;

/// <summary>The runtime handler and monitor a pod was created with, resolved to paths.</summary>
public sealed record RuntimeRecord(string Handler, string RuntimePath, string RuntimeRoot, string RuntimeType, string MonitorPath, IReadOnlyList<string> MonitorEnv);
