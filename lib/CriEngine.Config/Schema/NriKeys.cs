using static CriEngine.Config.Schema.ConfigKeyTraits;
using static CriEngine.Config.Schema.ValueRules;

namespace CriEngine.Config.Schema;

/// <summary>The keys of <c>[crio.nri]</c> and <c>[crio.nri.default_validator]</c>.</summary>
internal static class NriKeys
{
    private const string NotSupported = "NRI plugins are not supported";

    private static readonly IReadOnlyList<Setting<CrioConfig>> OwnSettings =
        new SectionSettings<CrioConfig, NriSection>("crio.nri", c => c.Nri, (c, s) => c with { Nri = s })
            .Boolean("enable_nri", true, None, "Run NRI plugins.",
                s => s.EnableNri, (s, v) => s with { EnableNri = v })
            .Flag("enable-nri")
            .NotActedOn(NotSupported)
            .Text("nri_listen", "/var/run/nri/nri.sock", None, "Socket NRI plugins connect to.",
                s => s.NriListen, (s, v) => s with { NriListen = v }, AbsolutePathOrEmpty)
            .Flag("nri-listen")
            .NotActedOn(NotSupported)
            .Text("nri_plugin_dir", "/opt/nri/plugins", None, "Directory of NRI plugins started with the daemon.",
                s => s.NriPluginDir, (s, v) => s with { NriPluginDir = v }, AbsolutePathOrEmpty)
            .Flag("nri-plugin-dir")
            .NotActedOn(NotSupported)
            .Text("nri_plugin_config_dir", "/etc/nri/conf.d", None, "Directory of the configuration of those plugins.",
                s => s.NriPluginConfigDir, (s, v) => s with { NriPluginConfigDir = v }, AbsolutePathOrEmpty)
            .Flag("nri-plugin-config-dir")
            .NotActedOn(NotSupported)
            .Duration("nri_plugin_registration_timeout", TimeSpan.FromSeconds(5), None, "Time a plugin has to register.",
                s => s.NriPluginRegistrationTimeout, (s, v) => s with { NriPluginRegistrationTimeout = v })
            .Flag("nri-plugin-registration-timeout")
            .NotActedOn(NotSupported)
            .Duration("nri_plugin_request_timeout", TimeSpan.FromSeconds(2), None, "Time a plugin has to answer a request.",
                s => s.NriPluginRequestTimeout, (s, v) => s with { NriPluginRequestTimeout = v })
            .Flag("nri-plugin-request-timeout")
            .NotActedOn(NotSupported)
            .Boolean("nri_disable_connections", false, None, "Refuse plugins started outside the daemon.",
                s => s.NriDisableConnections, (s, v) => s with { NriDisableConnections = v })
            .Flag("nri-disable-connections")
            .NotActedOn(NotSupported)
            .Settings;

    private static readonly IReadOnlyList<Setting<CrioConfig>> ValidatorSettings =
        new SectionSettings<CrioConfig, NriValidatorSection>("crio.nri.default_validator",
                c => c.Nri.DefaultValidator, (c, s) => c with { Nri = c.Nri with { DefaultValidator = s } })
            .Boolean("nri_enable_default_validator", false, None, "Run the built-in validator of plugin adjustments.",
                s => s.NriEnableDefaultValidator, (s, v) => s with { NriEnableDefaultValidator = v })
            .NotActedOn(NotSupported)
            .Boolean("nri_validator_reject_oci_hook_adjustment", false, None, "Refuse containers a plugin injected OCI hooks into.",
                s => s.NriValidatorRejectOciHookAdjustment, (s, v) => s with { NriValidatorRejectOciHookAdjustment = v })
            .NotActedOn(NotSupported)
            .Boolean("nri_validator_reject_runtime_default_seccomp_adjustment", false, None, "Refuse plugin changes to the runtime's default seccomp profile.",
                s => s.NriValidatorRejectRuntimeDefaultSeccompAdjustment, (s, v) => s with { NriValidatorRejectRuntimeDefaultSeccompAdjustment = v })
            .NotActedOn(NotSupported)
            .Boolean("nri_validator_reject_unconfined_seccomp_adjustment", false, None, "Refuse plugin changes to unconfined seccomp.",
                s => s.NriValidatorRejectUnconfinedSeccompAdjustment, (s, v) => s with { NriValidatorRejectUnconfinedSeccompAdjustment = v })
            .NotActedOn(NotSupported)
            .Boolean("nri_validator_reject_custom_seccomp_adjustment", false, None, "Refuse plugin changes to custom seccomp profiles.",
                s => s.NriValidatorRejectCustomSeccompAdjustment, (s, v) => s with { NriValidatorRejectCustomSeccompAdjustment = v })
            .NotActedOn(NotSupported)
            .Boolean("nri_validator_reject_namespace_adjustment", false, None, "Refuse plugin changes to Linux namespaces.",
                s => s.NriValidatorRejectNamespaceAdjustment, (s, v) => s with { NriValidatorRejectNamespaceAdjustment = v })
            .NotActedOn(NotSupported)
            .TextList("nri_validator_required_plugins", ValueList<string>.Empty, None, "Plugins that must have seen a container before it is created.",
                s => s.NriValidatorRequiredPlugins, (s, v) => s with { NriValidatorRequiredPlugins = v })
            .NotActedOn(NotSupported)
            .Text("nri_validator_tolerate_missing_plugins_annotation", "", None, "Annotation that lets a container do without the required plugins.",
                s => s.NriValidatorTolerateMissingPluginsAnnotation, (s, v) => s with { NriValidatorTolerateMissingPluginsAnnotation = v })
            .NotActedOn(NotSupported)
            .Settings;

    public static IReadOnlyList<Setting<CrioConfig>> Settings { get; } = [.. OwnSettings, .. ValidatorSettings];
}
