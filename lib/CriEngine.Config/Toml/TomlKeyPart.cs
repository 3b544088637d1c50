namespace CriEngine.Config.Toml;

/// <summary>One part of a (possibly dotted) key, kept with its place so conflicts can point at it.</summary>
internal readonly record struct TomlKeyPart(string Name, TomlPosition Position);
