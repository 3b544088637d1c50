namespace CriEngine.Server.State;

public enum PodPhase
{
    Ready,
    NotReady,
}
