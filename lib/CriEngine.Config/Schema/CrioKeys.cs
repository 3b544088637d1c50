using static CriEngine.Config.Schema.ConfigKeyTraits;
using static CriEngine.Config.Schema.ValueRules;

namespace CriEngine.Config.Schema;

/// <summary>The keys of <c>[crio]</c> itself.</summary>
internal static class CrioKeys
{
    public static IReadOnlyList<Setting<CrioConfig>> Settings { get; } =
        new SectionSettings<CrioConfig, CrioSection>("crio", c => c.Crio, (c, s) => c with { Crio = s })
            // The engine's store is its own layout, so it does not default to containers/storage's
            // /var/lib/containers/storage, which on OpenShift nodes belongs to podman and skopeo.
            .Text("root", "/var/lib/criengine/storage", Honoured, "Directory holding images and container layers.",
                s => s.Root, (s, v) => s with { Root = v }, AbsolutePath)
            .Flag("root", "CONTAINER_ROOT", "r")
            .Text("runroot", "/run/criengine/storage", Honoured, "Directory holding state that does not survive a reboot.",
                s => s.RunRoot, (s, v) => s with { RunRoot = v }, AbsolutePath)
            .Flag("runroot", "CONTAINER_RUNROOT")
            .Text("imagestore", "", None, "Separate directory for pulled images; empty keeps them under root.",
                s => s.ImageStore, (s, v) => s with { ImageStore = v }, AbsolutePathOrEmpty)
            .Flag("imagestore", "CONTAINER_IMAGESTORE")
            .NotActedOn("images are always kept under root")
            .Text("storage_driver", "overlay", Honoured, "Storage driver for images and container layers.",
                s => s.StorageDriver, (s, v) => s with { StorageDriver = v })
            .Flag("storage-driver", "CONTAINER_STORAGE_DRIVER", "s")
            .CombinedTextList("storage_option", ValueList<string>.Empty, None, "Options for the storage driver; the entries of all files are combined.",
                s => s.StorageOptions, (s, v) => s with { StorageOptions = v })
            .Flag("storage-opt", "CONTAINER_STORAGE_OPT")
            .NotActedOn("the engine's store has a layout of its own and takes no driver options")
            .Text("log_dir", "/var/log/crio/pods", Honoured, "Directory for container logs when the kubelet names none.",
                s => s.LogDir, (s, v) => s with { LogDir = v }, AbsolutePath)
            .Flag("log-dir", "CONTAINER_LOG_DIR")
            .Text("version_file", "/var/run/crio/version", None, "Version file on tmpfs; missing after a reboot, it makes the daemon wipe containers.",
                s => s.VersionFile, (s, v) => s with { VersionFile = v }, AbsolutePathOrEmpty)
            .Flag("version-file", "CONTAINER_VERSION_FILE")
            .NotActedOn("the engine tells a reboot from its own state under runroot, not from a version file")
            .Text("version_file_persist", "", None, "Version file that survives reboots; a different version after an upgrade makes the daemon wipe images.",
                s => s.VersionFilePersist, (s, v) => s with { VersionFilePersist = v }, AbsolutePathOrEmpty)
            .Flag("version-file-persist", "CONTAINER_VERSION_FILE_PERSIST")
            .NotActedOn("images are not wiped after an upgrade")
            .Text("clean_shutdown_file", "/var/lib/crio/clean.shutdown", None, "File written on a clean shutdown; missing at start, storage is checked.",
                s => s.CleanShutdownFile, (s, v) => s with { CleanShutdownFile = v }, AbsolutePathOrEmpty)
            .Flag("clean-shutdown-file", "CONTAINER_CLEAN_SHUTDOWN_FILE")
            .NotActedOn("the store's files are written atomically, so there is nothing to check after an unclean shutdown")
            .Boolean("internal_wipe", true, Honoured, "Wipe stale containers and images at start instead of by a separate command.",
                s => s.InternalWipe, (s, v) => s with { InternalWipe = v })
            .Flag("internal-wipe", "CONTAINER_INTERNAL_WIPE")
            .Boolean("internal_repair", true, None, "After an unclean shutdown, check storage for corruption and repair it.",
                s => s.InternalRepair, (s, v) => s with { InternalRepair = v })
            .Flag("internal-repair", "CONTAINER_INTERNAL_REPAIR")
            .NotActedOn("the store's files are written atomically, so there is nothing to repair after an unclean shutdown")
            .Settings;
}
