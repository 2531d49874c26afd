// FocusController — knob coupler: turns the microscope's fine-focus knob from a stepper shaft.
//
// One printed part: a hub on the motor shaft (M3 set screw in a captive nut), a compliant section, and a cup
// that slides over the fine-focus knob. Print it cup-rim-down in PETG (or PLA for a first fit): the cup's
// conical roof and the outer cone are 45°, so nothing needs supports, and the shaft bore prints vertical and round.
//
// Why a compliant section: the motor axis never lines up exactly with the knob axis (stand castings, bracket
// printing, knob run-out). A rigid coupling then pushes the knob sideways on every turn; that load shows up as
// image shift, as extra friction in the fine-focus gear, and as position-dependent backlash. The two-start helical
// flexure below is stiff in torsion but soft in bending and axially, so it takes up ~0.5 mm of offset and a
// degree or two of angle. Its elastic wind-up under the knob's friction is small and repeatable; `focusctl
// calibrate` measures it together with the knob's own play as BacklashUm. If calibrate reports a large backlash,
// make the flexure stiffer (fewer turns, wider beams) or choose flex_style = "rigid" and align carefully.
//
// Measure the fine-focus knob with calipers (diameter over the knurl, width of the knurled band) before printing,
// and make sure the cup will not touch the coarse-focus knob beside it. Units: mm, degrees.
//
// Customizer: open in OpenSCAD and use Window → Customizer; the groups below are its tabs.

/* [Knob] */

// Diameter over the fine-focus knob's knurl (calipers), mm.
knob_diameter = 28;           // [10:0.5:60]
// How far the cup slides over the knob (at most the width of the fine-focus knob, so it clears the coarse knob), mm.
knob_grip_length = 9;         // [4:0.5:30]
// How the cup holds the knob: crush ribs (knurled knobs), O-rings (smooth knobs), split fingers + cable tie (any), or smooth (glue in a rubber sleeve).
knob_grip = "ribs";           // [ribs, oring, fingers, smooth]
// Radial clearance per side between knob and cup before ribs/O-rings, for printer tolerance, mm.
clearance = 0.3;              // [0:0.05:1]
// Number of crush ribs ("ribs").
rib_count = 24;               // [8:1:60]
// How far each rib stands proud of the cup wall: 0.2–0.4 mm more than the clearance gives a press fit, mm.
rib_height = 0.6;             // [0.2:0.05:1.5]
// O-ring cross-section ("oring"): 1.5, 2 or 2.5 mm nitrile rings whose inner diameter is ~ the knob diameter.
oring_cross_section = 2;      // [1:0.5:3]
// Number of fingers ("fingers").
finger_count = 6;             // [3:1:12]
// Cup wall thickness (grown automatically for O-ring grooves and the cable-tie groove), mm.
wall = 2.4;                   // [1.6:0.2:5]

/* [Motor] */

// Motor type: selects the shaft profile and the default shaft engagement.
motor = "nema17";             // [nema17, 28byj48]
// NEMA 17 shaft: 5 mm with a D-flat (0.5 mm deep, most motors) or plain round.
nema17_shaft = "d_flat";      // [d_flat, round]
// Clearance per side in the shaft bore: 0.05–0.15 for a snug slip fit on a calibrated printer, mm.
shaft_clearance = 0.1;        // [0:0.025:0.3]
// Shaft length inside the hub; 0 = default (12 mm NEMA 17, 7 mm 28BYJ-48, whose flats are only ~6 mm long), mm.
shaft_engagement = 0;         // [0:0.5:20]
// Hub outer diameter: must hold an M3 nut beside the bore, mm.
hub_diameter = 20;            // [16:0.5:30]

/* [Set screw] */

// M3 set screw through a captive M3 nut (the nut slides in from the motor-side face before the coupler goes on).
set_screw = true;
// Screw clearance hole diameter (M3), mm.
screw_hole_diameter = 3.3;    // [3:0.05:3.6]
// M3 nut across flats (+ tolerance), mm.
nut_across_flats = 5.7;       // [5.4:0.05:6.2]
// M3 nut thickness (+ tolerance), mm.
nut_thickness = 2.6;          // [2.2:0.05:3.2]

/* [Compliance] */

// "helix": two-start helical flexure (absorbs misalignment); "rigid": plain tube (only for a well-aligned bracket).
flex_style = "helix";         // [helix, rigid]
// Length of the flexure, mm.
flex_length = 14;             // [6:0.5:40]
// Turns of each helical slot over the flexure length: more turns = softer in bending and in torsion.
flex_turns = 1.25;            // [0.5:0.05:3]
// Number of helical slots (starts): 2 keeps the coupling balanced.
flex_starts = 2;              // [1:1:3]
// Slot width: at least two extrusion widths so the slot prints open, mm.
flex_slot = 1.2;              // [0.8:0.1:3]
// Inner diameter of the flexure tube; its wall (hub_diameter − this)/2 sets the stiffness, mm.
flex_bore = 9;                // [4:0.5:20]

/* [Hidden] */

$fn = 96;
eps = 0.01;

shaft_d = 5;                                                    // both motors have a 5 mm shaft
engage = shaft_engagement > 0 ? shaft_engagement : (motor == "28byj48" ? 7 : 12);
nut_corners = nut_across_flats / cos(30);                       // nut across corners
// The set screw sits where the shaft has its flat: near the tip for the 28BYJ-48, mid-engagement for a NEMA 17.
screw_z = motor == "28byj48" ? max(nut_corners / 2 + 0.8, engage - 3) : max(nut_corners / 2 + 0.8, engage / 2);
hub_len = max(engage, screw_z + nut_corners / 2 + 1.2) + 1;      // solid ring above the nut slot and shaft tip
ring = 2;                                                       // solid band between flexure and cup cone

groove_depth = 0.7 * oring_cross_section;                       // O-ring stands ~30 % proud of the groove
wall_eff = knob_grip == "oring" ? max(wall, groove_depth + 1.6)
         : knob_grip == "fingers" ? wall + 1.2                   // room for the cable-tie groove
         : wall;
cup_r_in = knob_diameter / 2 + clearance;
cup_r_out = cup_r_in + wall_eff;
flex_r = hub_diameter / 2;
cone_h = max(1, abs(cup_r_out - flex_r));                       // 45° outer transition (or 1 mm for tiny knobs)

z_flex = hub_len;
z_cone = z_flex + flex_length + ring;
z_seat = z_cone + cone_h;                                       // where the knob's face stops
z_top = z_seat + knob_grip_length;

assert(knob_diameter > 0 && knob_grip_length > 0, "knob_diameter and knob_grip_length must be positive");
assert(flex_bore > shaft_d + 2 * shaft_clearance, "flex_bore must be larger than the shaft so the shaft tip does not bind");
assert(flex_bore < hub_diameter - 3, "flex_bore leaves less than 1.5 mm of flexure wall: raise hub_diameter or lower flex_bore");
assert(shaft_d / 2 + 1.2 + nut_thickness + 1.2 <= hub_diameter / 2,
       "hub_diameter too small for an M3 nut beside the bore (needs ≥ 2 × (2.5 + 1.2 + nut_thickness + 1.2))");
assert(flex_style == "rigid" || flex_length / flex_turns / flex_starts > flex_slot + 1.5,
       "helical beams thinner than 1.5 mm: fewer turns or starts, a narrower slot, or a longer flexure");

echo(str("knob-coupler: overall length ", z_top, " mm, hub ", hub_len, " mm (shaft engagement ", engage,
         " mm, set screw at ", screw_z, " mm), cup bore ", 2 * cup_r_in, " mm, cup OD ", 2 * cup_r_out, " mm"));

knob_coupler();

module knob_coupler() {
    difference() {
        union() {
            cylinder(h = z_cone + eps, r = flex_r);                          // hub + flexure tube + ring
            translate([0, 0, z_cone]) cylinder(h = cone_h, r1 = flex_r, r2 = cup_r_out);
            translate([0, 0, z_seat - eps]) cylinder(h = knob_grip_length + eps, r = cup_r_out);
        }
        // shaft bore, open at the motor end
        translate([0, 0, -eps]) linear_extrude(height = engage + eps) shaft_profile();
        // flexure bore, continuing into the cup's conical roof (45°, printable without support)
        translate([0, 0, engage - eps]) cylinder(h = z_seat - engage, r = flex_bore / 2);
        translate([0, 0, z_seat - (cup_r_in - flex_bore / 2)])
            cylinder(h = cup_r_in - flex_bore / 2 + eps, r1 = flex_bore / 2, r2 = cup_r_in);
        // the knob's bore
        translate([0, 0, z_seat]) cylinder(h = knob_grip_length + 1, r = cup_r_in);
        // lead-in chamfer at the mouth so the cup centres itself on the knob
        translate([0, 0, z_top - 1]) cylinder(h = 1 + eps, r1 = cup_r_in, r2 = cup_r_in + 0.8);
        if (flex_style == "helix") helix_slots();
        if (set_screw) set_screw_and_nut();
        grip_cuts();
    }
    if (knob_grip == "ribs") crush_ribs();
}

// 5 mm shaft: D-flat (flat 0.5 mm deep, on the +x side where the set screw is), round, or the 28BYJ-48's
// double flat (3 mm across the flats, flats facing ±x).
module shaft_profile() {
    r = shaft_d / 2 + shaft_clearance;
    if (motor == "28byj48") {
        intersection() {
            circle(r = r);
            square([3 + 2 * shaft_clearance, 2 * r + 1], center = true);
        }
    } else if (nema17_shaft == "d_flat") {
        intersection() {
            circle(r = r);
            translate([-r - 1, -r - 1]) square([r + 1 + (4.5 - shaft_d / 2) + shaft_clearance, 2 * r + 2]);
        }
    } else {
        circle(r = r);
    }
}

// Radial M3 hole on +x (onto the flat) through a nut slot that opens at the motor-side face (z = 0).
module set_screw_and_nut() {
    nut_x = shaft_d / 2 + 1.2 + nut_thickness / 2;              // 1.2 mm of plastic between bore and nut
    translate([0, 0, screw_z]) rotate([0, 90, 0]) cylinder(h = hub_diameter, d = screw_hole_diameter, $fn = 24);
    translate([nut_x - nut_thickness / 2, -nut_across_flats / 2, -eps])
        cube([nut_thickness, nut_across_flats, screw_z + nut_corners / 2 + eps]);
}

// Two-start helical slots through the flexure tube's wall: the beams between them carry the torque.
module helix_slots() {
    translate([0, 0, z_flex])
        for (s = [0 : flex_starts - 1])
            rotate([0, 0, s * 360 / flex_starts])
                linear_extrude(height = flex_length, twist = flex_turns * 360, slices = max(24, ceil(flex_turns * 60)))
                    translate([0, -flex_slot / 2]) square([flex_r + 1, flex_slot]);
}

module grip_cuts() {
    if (knob_grip == "oring") {
        // two internal grooves at 1/3 and 2/3 of the grip length
        for (f = [1 / 3, 2 / 3])
            translate([0, 0, z_seat + f * knob_grip_length - 0.575 * oring_cross_section])
                rotate_extrude()
                    translate([cup_r_in - eps, 0]) square([groove_depth + eps, 1.15 * oring_cross_section]);
    }
    if (knob_grip == "fingers") {
        // axial slits from the mouth turn the cup into fingers; a cable tie or hose clamp in the outer groove closes them
        for (i = [0 : finger_count - 1])
            rotate([0, 0, i * 360 / finger_count + 180 / finger_count])
                translate([0, -0.75, z_seat + 0.2 * knob_grip_length])
                    cube([cup_r_out + 1, 1.5, knob_grip_length]);
        translate([0, 0, z_seat + 0.55 * knob_grip_length])
            rotate_extrude() translate([cup_r_out - 1.2, 0]) square([1.2 + eps, min(5, 0.35 * knob_grip_length)]);
    }
}

// Half-round ribs standing proud of the bore; they crush into a knurled knob and centre it. They stop short of
// the lead-in chamfer so the knob enters straight before it meets them.
module crush_ribs() {
    for (i = [0 : rib_count - 1])
        rotate([0, 0, i * 360 / rib_count])
            translate([cup_r_in, 0, z_seat])
                cylinder(h = knob_grip_length - 1.2, r = rib_height, $fn = 16);
}
