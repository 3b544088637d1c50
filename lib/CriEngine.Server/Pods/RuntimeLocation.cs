using CriEngine.Config;

namespace CriEngine.Server.Pods;

/// <summary>Where a configured runtime handler's binary and state root are, as CRI-O resolves them.</summary>
internal static class RuntimeLocation
{
    /// <summary><c>runtime_path</c>, else the handler's name looked up on $PATH; null when it is nowhere.</summary>
    public static string? PathOf(string handlerName, RuntimeHandlerSection handler) => Locate(handler.RuntimePath, handlerName);

    /// <summary>A configured tool path, else <paramref name="name"/> looked up on $PATH; null when it is nowhere.</summary>
    public static string? Locate(string configured, string name) =>
        configured.Length > 0 ? configured : ToolLocator.FromEnvironment().Find(name);

    /// <summary><c>runtime_root</c>, else <c>/run/NAME</c>.</summary>
    public static string RootOf(string handlerName, RuntimeHandlerSection handler) =>
        handler.RuntimeRoot.Length > 0 ? handler.RuntimeRoot : $"/run/{handlerName}";

    /// <summary>One runtime's identity: its binary and its state root.</summary>
    public static string Key(string runtimePath, string runtimeRoot) => runtimePath + "\0" + runtimeRoot;
}
