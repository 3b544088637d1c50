using CriEngine.Config.Schema;

namespace CriEngine.Config.Tests.Keys;

/// <summary>One key of crio.conf(5) as the schema declares it; keys of named tables carry NAME in their path.</summary>
internal sealed record SchemaKey(string Path, bool ActedOn, string? NotActedOnReason, string? Flag, string Description)
{
    public const string RuntimesPrefix = "crio.runtime.runtimes.NAME.";

    public const string WorkloadsPrefix = "crio.runtime.workloads.NAME.";

    public static IReadOnlyList<SchemaKey> All { get; } =
    [
        .. ConfigSchema.Tree.Settings.Where(setting => !setting.IsNamedTables).Select(setting => Of("", setting)),
        .. RuntimeHandlerKeys.Tree.Settings.Select(setting => Of(RuntimesPrefix, setting)),
        .. WorkloadKeys.Tree.Settings.Select(setting => Of(WorkloadsPrefix, setting)),
    ];

    /// <summary>A key path of a loaded config with the handler's or workload's name replaced by NAME.</summary>
    public static string Generic(string path)
    {
        foreach (var table in new[] { "crio.runtime.runtimes.", "crio.runtime.workloads." })
        {
            if (path.StartsWith(table, StringComparison.Ordinal))
                return $"{table}NAME.{path[(path.IndexOf('.', table.Length) + 1)..]}";
        }
        return path;
    }

    private static SchemaKey Of<TOwner>(string prefix, Setting<TOwner> setting)
        where TOwner : class =>
        new(prefix + string.Join('.', setting.Segments), setting.Honoured, setting.NotActedOnReason, setting.FlagNames?.Name, setting.Description);
}
