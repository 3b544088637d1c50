using CriEngine.Oci.Spec;

namespace CriEngine.Oci.Hooks;

/// <summary>Adds the hooks whose conditions a container's spec meets, in their files' order, after the hooks it has.</summary>
internal static class HookInjection
{
    public static RuntimeSpec Apply(RuntimeSpec spec, IReadOnlyList<HookRule> rules, bool hasBindMounts)
    {
        var annotations = spec.Annotations ?? new Dictionary<string, string>();
        var command = spec.Process?.Args.FirstOrDefault();
        var hooks = spec.Hooks;
        foreach (var rule in rules.Where(rule => rule.Matches(annotations, command, hasBindMounts)))
        {
            foreach (var stage in rule.Stages)
                hooks = (hooks ?? new OciHooks()).Add(stage, rule.Hook);
        }
        return spec with { Hooks = hooks };
    }
}
