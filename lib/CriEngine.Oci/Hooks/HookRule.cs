using System.Text.RegularExpressions;
using CriEngine.Oci.Spec;

namespace CriEngine.Oci.Hooks;

/// <summary>
/// A valid hook file, its patterns compiled: the hook, its stages, and when it applies, by the
/// rules of containers/common's pkg/hooks (When.Match). Patterns are unanchored, like Go's
/// regexp.MatchString.
/// </summary>
public sealed class HookRule
{
    private readonly bool? _always;
    private readonly bool? _hasBindMounts;
    private readonly IReadOnlyList<(Regex Key, Regex Value)> _annotations;
    private readonly IReadOnlyList<Regex> _commands;

    private HookRule(string name, OciHook hook, IReadOnlyList<string> stages, bool? always, bool? hasBindMounts,
        IReadOnlyList<(Regex, Regex)> annotations, IReadOnlyList<Regex> commands)
    {
        Name = name;
        Hook = hook;
        Stages = stages;
        _always = always;
        _hasBindMounts = hasBindMounts;
        _annotations = annotations;
        _commands = commands;
    }

    /// <summary>The file's name: hooks are injected in the lexical order of their names.</summary>
    public string Name { get; }

    public OciHook Hook { get; }

    public IReadOnlyList<string> Stages { get; }

    /// <summary>The rule of a parsed file, or why the file is not valid.</summary>
    internal static HookRule Validate(string name, HookDefinition definition)
    {
        if (definition.Version != "1.0.0")
            throw new FormatException($"version \"{definition.Version}\" is not 1.0.0");
        if (definition.Hook is not { Path.Length: > 0 } hook)
            throw new FormatException("missing required property: hook.path");
        if (!File.Exists(hook.Path))
            throw new FormatException($"hook.path {hook.Path} does not exist");
        if (definition.Stages is not { Count: > 0 } stages)
            throw new FormatException("missing required property: stages");
        if (stages.FirstOrDefault(stage => !OciHooks.Stages.Contains(stage)) is { } unknown)
            throw new FormatException($"unknown stage \"{unknown}\"");
        var when = definition.When ?? new HookWhen();
        return new HookRule(name, hook, stages, when.Always, when.HasBindMounts,
            (when.Annotations ?? new Dictionary<string, string>()).Select(pair => (Pattern(pair.Key, "annotation key"), Pattern(pair.Value, "annotation value"))).ToList(),
            (when.Commands ?? []).Select(command => Pattern(command, "command")).ToList());
    }

    public bool Matches(IReadOnlyDictionary<string, string> annotations, string? command, bool hasBindMounts)
    {
        var matches = 0;
        if (_always is { } always)
        {
            if (!always)
                return false;
            matches++;
        }
        if (_hasBindMounts is { } wanted)
        {
            if (!(wanted && hasBindMounts))
                return false;
            matches++;
        }
        foreach (var (key, value) in _annotations)
        {
            if (!annotations.Any(pair => key.IsMatch(pair.Key) && value.IsMatch(pair.Value)))
                return false;
            matches++;
        }
        // As in containers/common: once commands are given, they decide alone.
        if (_commands.Count > 0 && command is not null)
            return _commands.Any(pattern => pattern.IsMatch(command));
        return matches > 0;
    }

    private static Regex Pattern(string pattern, string what)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{what} pattern \"{pattern}\": {e.Message}", e);
        }
    }
}
