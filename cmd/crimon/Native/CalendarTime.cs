using System.Runtime.InteropServices;

namespace CriEngine.Crimon.Native;

/// <summary>struct tm as glibc lays it out on 64-bit Linux: the broken-down fields, then the zone's offset and name.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CalendarTime
{
    public int Second;
    public int Minute;
    public int Hour;
    public int MonthDay;
    public int Month;
    public int Year;
    public int WeekDay;
    public int YearDay;
    public int DaylightSaving;

    /// <summary>Seconds east of UTC (tm_gmtoff).</summary>
    public long UtcOffsetSeconds;

    public byte* Zone;
}
