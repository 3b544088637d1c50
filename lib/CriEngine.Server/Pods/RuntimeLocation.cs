using CriEngine.Config;

namespace CriEngine.Server.Pods;

/// <summary>Where a configured runtime handler's binary and state root are, as CRI-O resolves them.</summary>
internal static class RuntimeLocation
{
    /// <summary><c>runtime_path</c>, else the handler's name looked up on $PATH; null when it is nowhere.</summary>
    public static string? PathOf(string handlerName, RuntimeHandlerSection handler) =>
        handler.RuntimePath.Length > 0 ? handler.RuntimePath : ToolLocator.FromEnvironment().Find(handlerName);

    /// <summary><c>runtime_root</c>, else <c>/run/NAME</c>.</summary>
    public static string RootOf(string handlerName, RuntimeHandlerSection handler) =>
        handler.RuntimeRoot.Length > 0 ? handler.RuntimeRoot : $"/run/{handlerName}";
}
