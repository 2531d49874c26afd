using FocusController.Host.Daemon;
using FocusController.Motion.Options;

namespace FocusController.Host.Tests;

public sealed class HardwareRigSourceTests
{
    [Fact]
    public void Systemd_state_directory_is_used_when_the_config_names_none_and_the_live_options_stay_untouched()
    {
        var live = new FocusDriveOptions { MaxPositionUm = 150 };

        var used = HardwareRigSource.WithStateDirectory(live, "/var/lib/focuscontroller:/var/lib/other");

        Assert.Equal("/var/lib/focuscontroller", used.StateDirectory);
        Assert.Equal(150, used.MaxPositionUm);
        Assert.Null(live.StateDirectory);
    }

    [Fact]
    public void A_state_directory_in_the_config_wins_over_systemd()
    {
        var live = new FocusDriveOptions { StateDirectory = "/srv/focus" };

        Assert.Equal("/srv/focus", HardwareRigSource.WithStateDirectory(live, "/var/lib/focuscontroller").StateDirectory);
    }

    [Fact]
    public void Outside_systemd_without_a_configured_directory_the_position_stays_in_memory()
    {
        Assert.Null(HardwareRigSource.WithStateDirectory(new FocusDriveOptions(), null).StateDirectory);
        Assert.Null(HardwareRigSource.WithStateDirectory(new FocusDriveOptions(), "").StateDirectory);
    }
}
