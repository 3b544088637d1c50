namespace CriEngine.Config;

/// <summary><c>[crio.nri.default_validator]</c>: the built-in check of NRI plugins' adjustments.</summary>
public sealed record NriValidatorSection
{
    internal NriValidatorSection()
    {
    }

    public bool NriEnableDefaultValidator { get; init; }

    public bool NriValidatorRejectOciHookAdjustment { get; init; }

    public bool NriValidatorRejectRuntimeDefaultSeccompAdjustment { get; init; }

    public bool NriValidatorRejectUnconfinedSeccompAdjustment { get; init; }

    public bool NriValidatorRejectCustomSeccompAdjustment { get; init; }

    public bool NriValidatorRejectNamespaceAdjustment { get; init; }

    public ValueList<string> NriValidatorRequiredPlugins { get; init; } = ValueList<string>.Empty;

    public string NriValidatorTolerateMissingPluginsAnnotation { get; init; } = "";
}
