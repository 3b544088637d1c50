namespace CriEngine.Server.State;

public enum ContainerPhase
{
    Created,
    Running,
    Exited,
    Unknown,
}
