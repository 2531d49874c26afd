namespace FocusController.Simulation.Stage;

/// <summary>
/// Settings `focusctl run --simulate` starts from when no config file is given: the wiring of the shipped example
/// config (systemd/focuscontroller.json), so the simulated box is the box a technician would build.
/// </summary>
public static class SimulationDefaults
{
    public static IReadOnlyDictionary<string, string?> Motor { get; } = new Dictionary<string, string?>
    {
        ["Motor:Driver"] = "A4988",
        ["Motor:StepDir:StepPin"] = "20",
        ["Motor:StepDir:DirPin"] = "21",
        ["Motor:StepDir:EnablePin"] = "16",
        ["Motor:FullStepsPerRevolution"] = "200",
        ["Motor:Microstepping"] = "16",
        ["Motor:TravelPerRevolutionUm"] = "100",
        ["Motor:BacklashUm"] = "3",
        ["Motor:MaxSpeedUmPerSecond"] = "200",
        ["Motor:AccelerationUmPerSecondSquared"] = "2000",
    };
}
