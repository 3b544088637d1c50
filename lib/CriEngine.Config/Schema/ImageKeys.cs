using static CriEngine.Config.Schema.ConfigKeyTraits;
using static CriEngine.Config.Schema.ValueRules;

namespace CriEngine.Config.Schema;

/// <summary>The keys of <c>[crio.image]</c>.</summary>
internal static class ImageKeys
{
    public static IReadOnlyList<Setting<CrioConfig>> Settings { get; } =
        new SectionSettings<CrioConfig, ImageSection>("crio.image", c => c.Image, (c, s) => c with { Image = s })
            .Text("default_transport", "docker://", None, "Transport put before image names that have none.",
                s => s.DefaultTransport, (s, v) => s with { DefaultTransport = v })
            .Flag("default-transport", "CONTAINER_DEFAULT_TRANSPORT")
            .NotActedOn("images are only pulled from registries (docker://)")
            .Text("global_auth_file", "", Honoured | Live, "Registry credentials (in the form of /var/lib/kubelet/config.json) for every pull.",
                s => s.GlobalAuthFile, (s, v) => s with { GlobalAuthFile = v }, AbsolutePathOrEmpty)
            .Flag("global-auth-file", "CONTAINER_GLOBAL_AUTH_FILE")
            .Text("namespaced_auth_dir", "/etc/crio/auth", None, "Directory of per-namespace credentials written by the CRI-O credential provider.",
                s => s.NamespacedAuthDir, (s, v) => s with { NamespacedAuthDir = v }, AbsolutePath)
            .NotActedOn("per-namespace credentials of the CRI-O credential provider are not read")
            .Text("pause_image", "registry.k8s.io/pause:3.10", Honoured | Live, "Image of the infra (pause) container of every pod.",
                s => s.PauseImage, (s, v) => s with { PauseImage = v }, ImageReference)
            .Flag("pause-image", "CONTAINER_PAUSE_IMAGE")
            .Text("pause_image_auth_file", "", Honoured | Live, "Registry credentials used only to pull pause_image.",
                s => s.PauseImageAuthFile, (s, v) => s with { PauseImageAuthFile = v }, AbsolutePathOrEmpty)
            .Flag("pause-image-auth-file", "CONTAINER_PAUSE_IMAGE_AUTH_FILE")
            .Text("pause_command", "/pause", Honoured | Live, "Command of the infra container; empty runs the pause image's own entrypoint.",
                s => s.PauseCommand, (s, v) => s with { PauseCommand = v })
            .Flag("pause-command", "CONTAINER_PAUSE_COMMAND")
            .TextList("pinned_images", ValueList<string>.Empty, Honoured | Live, "Images the kubelet must not garbage-collect: exact names, name* globs or *keyword* matches.",
                s => s.PinnedImages, (s, v) => s with { PinnedImages = v })
            .Flag("pinned-images", "CONTAINER_PINNED_IMAGES")
            .Text("signature_policy", "", Honoured | Live, "Signature policy file; empty uses the system's /etc/containers/policy.json.",
                s => s.SignaturePolicy, (s, v) => s with { SignaturePolicy = v }, AbsolutePathOrEmpty)
            .Flag("signature-policy", "CONTAINER_SIGNATURE_POLICY")
            .Text("signature_policy_dir", "/etc/crio/policies", Honoured | Live, "Directory of per-namespace signature policies, NAMESPACE.json each.",
                s => s.SignaturePolicyDir, (s, v) => s with { SignaturePolicyDir = v }, AbsolutePath)
            .Flag("signature-policy-dir", "CONTAINER_SIGNATURE_POLICY_DIR")
            .TextList("insecure_registries", ValueList<string>.Empty, Honoured | Live, "Registries contacted without TLS verification. Deprecated in CRI-O for registries.conf.",
                s => s.InsecureRegistries, (s, v) => s with { InsecureRegistries = v })
            .Flag("insecure-registry", "CONTAINER_INSECURE_REGISTRY")
            .TextList("registries", ValueList<string>.Empty, Honoured | Live | RemovedFromCrio, "Removed from CRI-O for registries.conf: registries searched first for short image names, before registries.conf's unqualified-search-registries; a value that is no list of strings is ignored.",
                s => s.Registries, (s, v) => s with { Registries = v })
            .Text("image_volumes", "mkdir", None, "What to do with volumes an image declares: \"mkdir\", \"bind\" or \"ignore\".",
                s => s.ImageVolumes, (s, v) => s with { ImageVolumes = v }, OneOf("mkdir", "bind", "ignore"))
            .Flag("image-volumes", "CONTAINER_IMAGE_VOLUMES")
            .NotActedOn("the volumes an image declares are always made as directories, as with \"mkdir\"")
            .Text("big_files_temporary_dir", "", None, "Directory for big temporary files of pulls; empty uses the system's.",
                s => s.BigFilesTemporaryDir, (s, v) => s with { BigFilesTemporaryDir = v }, AbsolutePathOrEmpty)
            .Flag("big-files-temporary-dir", "CONTAINER_BIG_FILES_TEMPORARY_DIR")
            .NotActedOn("pulls keep their temporary files under root")
            .Boolean("auto_reload_registries", false, None, "Reload registries.conf.d whenever it changes.",
                s => s.AutoReloadRegistries, (s, v) => s with { AutoReloadRegistries = v })
            .Flag("auto-reload-registries", "AUTO_RELOAD_REGISTRIES")
            .NotActedOn("registries.conf and its drop-ins are re-read on SIGHUP only")
            .Duration("pull_progress_timeout", TimeSpan.Zero, None, "A pull that makes no progress for this long is cancelled; \"0s\" never cancels.",
                s => s.PullProgressTimeout, (s, v) => s with { PullProgressTimeout = v })
            .Flag("pull-progress-timeout", "CONTAINER_PULL_PROGRESS_TIMEOUT")
            .NotActedOn("a stalled pull ends with the kubelet's request")
            .TextList("additional_artifact_stores", ValueList<string>.Empty, None, "Read-only directories of OCI artifacts searched besides the store.",
                s => s.AdditionalArtifactStores, (s, v) => s with { AdditionalArtifactStores = v }, AbsolutePaths)
            .NotActedOn("OCI artifacts are not supported")
            .Boolean("oci_artifact_mount_support", true, None, "Allow mounting OCI artifacts into containers.",
                s => s.OciArtifactMountSupport, (s, v) => s with { OciArtifactMountSupport = v })
            .Flag("oci-artifact-mount-support", "CONTAINER_OCI_ARTIFACT_SUPPORT")
            .NotActedOn("OCI artifacts are not supported")
            .Text("short_name_mode", "enforcing", Honoured | Live, "Short image names: \"enforcing\" refuses ambiguous ones, \"disabled\" takes the first match.",
                s => s.ShortNameMode, (s, v) => s with { ShortNameMode = v }, OneOfOrEmpty("enforcing", "disabled"))
            .Settings;
}
