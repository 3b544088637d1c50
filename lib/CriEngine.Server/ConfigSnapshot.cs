using CriEngine.Config;
using CriEngine.Images.Registries;

namespace CriEngine.Server;

/// <summary>
/// One consistent view of everything a reload can change: crio.conf with its drop-ins and
/// flags, and registries.conf with its drop-ins. A request reads one snapshot and uses it to
/// its end.
/// </summary>
public sealed record ConfigSnapshot(CrioConfig Config, RegistriesConfig Registries);
