namespace FocusController.Camera.Tests;

public class CameraOptionsValidatorTests
{
    private readonly CameraOptionsValidator _validator = new();

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(_validator.Validate(null, new CameraOptions()).Succeeded);
    }

    [Fact]
    public void A_full_manual_config_is_valid()
    {
        var options = new CameraOptions
        {
            Device = "/dev/v4l/by-id/usb-cam-video-index0",
            Width = 1280,
            Height = 960,
            PixelFormat = CameraPixelFormatChoice.Mjpeg,
            FramesPerSecond = 30,
            ExposureMicroseconds = 8000,
            Gain = 10,
            WhiteBalanceTemperatureKelvin = 5000,
        };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("Device", "video0")]
    [InlineData("Width", "1281")]
    [InlineData("Width", "-4")]
    [InlineData("Height", "0")]
    [InlineData("FramesPerSecond", "0.5")]
    [InlineData("ExposureMicroseconds", "0")]
    [InlineData("Gain", "-1")]
    [InlineData("WhiteBalanceTemperatureKelvin", "100")]
    public void A_bad_value_is_reported_with_its_key_and_value(string key, string value)
    {
        var options = new CameraOptions { Width = 1280, Height = 960 };
        switch (key)
        {
            case "Device": options.Device = value; break;
            case "Width": options.Width = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "Height": options.Height = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "FramesPerSecond": options.FramesPerSecond = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "ExposureMicroseconds": options.ExposureMicroseconds = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "Gain": options.Gain = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "WhiteBalanceTemperatureKelvin": options.WhiteBalanceTemperatureKelvin = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
        }

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, m => m.Contains($"Camera:{key}", StringComparison.Ordinal) && m.Contains(value, StringComparison.Ordinal) && m.Contains("allowed", StringComparison.Ordinal));
    }

    [Fact]
    public void Width_without_height_is_reported()
    {
        var result = _validator.Validate(null, new CameraOptions { Width = 1280 });

        Assert.Contains(result.Failures!, m => m.Contains("Camera:Height is unset", StringComparison.Ordinal));
    }

    [Fact]
    public void Auto_with_manual_exposure_is_a_contradiction()
    {
        var result = _validator.Validate(null, new CameraOptions { Auto = true, ExposureMicroseconds = 5000 });

        Assert.Contains(result.Failures!, m => m.Contains("Camera:Auto", StringComparison.Ordinal));
    }

    [Fact]
    public void An_index_names_the_video_node()
    {
        Assert.Equal("/dev/video2", new CameraOptions { Device = "2" }.DevicePath);
        Assert.Equal("/dev/video9", new CameraOptions { Device = "/dev/video9" }.DevicePath);
    }

    [Fact]
    public void Exposure_is_applied_in_100_microsecond_device_units()
    {
        Assert.Equal(80, new CameraControls(true, 8000, null, null).ExposureDeviceUnits);
        Assert.Equal(1, new CameraControls(true, 20, null, null).ExposureDeviceUnits);
        Assert.Null(new CameraControls(true, null, null, null).ExposureDeviceUnits);
    }
}
