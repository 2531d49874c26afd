using FocusController.Simulation.Stage;

namespace FocusController.Simulation.Tests.Stage;

public class KnobPlayTests
{
    [Fact]
    public void After_a_reversal_the_plane_waits_until_the_play_is_taken_up()
    {
        var play = new KnobPlay(3);

        play.MoveMotor(10);
        Assert.Equal(7, play.PlaneUm, 9);

        play.MoveMotor(-2);
        Assert.Equal(7, play.PlaneUm, 9);

        play.MoveMotor(-3);
        Assert.Equal(5, play.PlaneUm, 9);

        play.MoveMotor(2.5);
        Assert.Equal(5, play.PlaneUm, 9);

        play.MoveMotor(1);
        Assert.Equal(5.5, play.PlaneUm, 9);
    }

    [Fact]
    public void Without_play_the_plane_follows_the_motor()
    {
        var play = new KnobPlay(0);

        play.MoveMotor(4);
        play.MoveMotor(-1.5);

        Assert.Equal(2.5, play.PlaneUm, 9);
    }
}
