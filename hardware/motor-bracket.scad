// FocusController — motor bracket: holds the focus motor coaxial with the microscope's fine-focus knob.
//
// An upright wall carries the motor with its shaft horizontal, pointing at the knob (+y); a foot with gussets
// stands on the bench or the stand's base ("plate"), or a split ring clamps the bracket to a vertical round post
// ("clamp": an optical post in a heavy base, or the stand's own round pillar where it has one).
//
// Alignment: the motor holes in the wall are slots (height), the foot's screw holes are slots (sideways), and the
// coupler slides on the shaft (distance). Get the shaft within ~0.5 mm of the knob axis and parallel to it by
// eye; the helical flexure in knob-coupler.scad takes up the rest. Do not force the knob sideways: a bracket
// that pushes on the knob shows up as image shift and as extra backlash in `focusctl calibrate`.
//
// The bracket must not move when the motor reacts against the knob: screw the foot down (M4 into the base, or
// double-sided foam tape for a first test) and keep the lever short (axis_height no higher than needed).
//
// Print standing on the foot, PETG or PLA, 4 perimeters, 40 % infill. Horizontal holes in the wall have a 45°
// teardrop roof so they print without supports. Units: mm.
//
// Customizer: open in OpenSCAD and use Window → Customizer; the groups below are its tabs.

/* [Motor] */

// Motor type: NEMA 17 (31 mm hole square, 22 mm boss, mounted behind the wall) or 28BYJ-48 (35 mm tab spacing,
// shaft 8 mm off the can's centre, flange on the wall's front face with the can through the wall).
motor = "nema17";             // [nema17, 28byj48]
// NEMA 17 body length behind its face (34–48 mm; 17HS4401 ≈ 40), for the foot depth, mm.
nema17_length = 40;           // [20:1:60]
// Clearance added to holes for printer tolerance, mm.
hole_clearance = 0.3;         // [0:0.05:0.8]
// Motor screw clearance hole: 3.4 for M3 (NEMA 17 face screws, 28BYJ-48 tab screws with nuts behind), mm.
motor_screw_diameter = 3.4;   // [2.5:0.1:4.5]

/* [Position] */

// Height of the knob axis above the underside of the foot (measure the knob centre above the bench/base), mm.
axis_height = 55;             // [28:0.5:200]
// Travel of every alignment slot (motor height in the wall, sideways in the foot), mm; 0 = round holes.
slot_travel = 6;              // [0:0.5:20]

/* [Mounting] */

// "plate": foot with slotted ears, screwed to the bench or the stand's base; "clamp": split ring on a vertical post.
mount = "plate";              // [plate, clamp]
// Foot (and clamp arm) thickness, mm.
plate_thickness = 5;          // [3:0.5:12]
// Wall thickness: the motor screws need thread engagement behind it (NEMA 17: M3 × (wall + 5) screws), mm.
wall_thickness = 5;           // [3:0.5:10]
// Gusset thickness (two gussets stiffen the wall against the motor's reaction torque), mm.
gusset_thickness = 4;         // [2:0.5:8]
// Foot screw clearance (4.5 for M4), mm.
base_screw_diameter = 4.5;    // [3:0.1:6.5]
// Width of the foot's ears that carry the slotted screw holes, mm.
ear_width = 14;               // [10:1:30]
// Post / pillar diameter for "clamp" (12.7 = ½" optical post, 12 or 20 mm rods), mm.
post_diameter = 12.7;         // [6:0.1:50]
// Height of the clamp ring, mm.
clamp_height = 20;            // [8:1:60]
// Clamp ring wall, mm.
clamp_wall = 5;               // [3:0.5:10]
// Pinch bolt clearance (3.4 for M3), mm.
clamp_screw_diameter = 3.4;   // [2.5:0.1:5.5]
// Pinch bolt nut across flats (+ tolerance; M3 = 5.7), mm.
clamp_nut_across_flats = 5.7; // [5:0.1:10]

/* [Hidden] */

$fn = 72;
eps = 0.01;
c = hole_clearance;
nema = motor != "28byj48";

// NEMA 17 (NEMA ICS 16): 42.3 mm face, M3 holes on a 31 mm square, 22 mm pilot boss ~2 mm proud.
nema_face = 42.3;
nema_hole_spacing = 31;
nema_boss_d = 22;
// 28BYJ-48: 28 mm can, tabs with ~4.2 mm holes 35 mm apart on a line through the can's centre, shaft 8 mm off that
// line; the blue wire cover stands ~4 mm proud of the can on the side away from the shaft, ~17 mm wide.
byj_can_d = 28;
byj_tab_spacing = 35;
byj_shaft_offset = 8;
byj_cover_width = 17;
byj_cover_proud = 4.5;
byj_depth = 20;

motor_z = nema ? axis_height : axis_height - byj_shaft_offset;    // centre of the motor's hole pattern
half_extent = nema ? nema_face / 2 : byj_can_d / 2 + byj_cover_proud;   // below motor_z: how far the motor reaches
body_hole_r = nema ? nema_boss_d / 2 + c : byj_can_d / 2 + c;
W = (nema ? nema_face : byj_tab_spacing + 8) + 2 * (gusset_thickness + 2);   // wall width
wall_top = max(motor_z + (nema ? nema_face / 2 : byj_can_d / 2) + slot_travel / 2 + 4,
               motor_z + 1.1 * body_hole_r + slot_travel / 2 + 5,
               axis_height + 8);
motor_depth = nema ? nema17_length : byj_depth;
foot_depth = wall_thickness + motor_depth + 6;
gusset = min(wall_top - plate_thickness, foot_depth - wall_thickness) * 0.7;

assert(motor_z - half_extent - slot_travel / 2 >= plate_thickness + 1,
       str("axis_height too low: the motor would hit the foot; at least ",
           plate_thickness + 1 + half_extent + slot_travel / 2 + (nema ? 0 : byj_shaft_offset), " mm"));

assert(mount != "plate" || ear_width >= slot_travel + base_screw_diameter + 3,
       "ear_width too small for the foot slots: at least slot_travel + base_screw_diameter + 3");

echo(str("motor-bracket: wall ", W, " × ", wall_top, " mm, foot depth ", foot_depth, " mm; ",
         nema ? str("NEMA 17 shaft (24 mm typical) stands ~", 24 - wall_thickness, " mm proud of the wall; face screws M3 × ", wall_thickness + 5)
              : "28BYJ-48 shaft stands ~9 mm proud of its flange (flange on the wall's front face)"));

motor_bracket();

module motor_bracket() {
    // wall: drawn in the x–z plane, extruded along −y (front face at y = 0, facing the knob)
    rotate([90, 0, 0])
        linear_extrude(height = wall_thickness)
            difference() {
                translate([-W / 2, 0]) square([W, wall_top]);
                motor_holes();
            }
    foot();
    for (side = [-1, 1]) gusset_at(side * (W / 2 - gusset_thickness / 2));
    if (mount == "clamp") post_clamp();
}

module motor_holes() {
    if (nema) {
        slot2d(body_hole_r, [0, motor_z]);
        for (sx = [-1, 1], sz = [-1, 1])
            slot2d(motor_screw_diameter / 2 + c / 2, [sx * nema_hole_spacing / 2, motor_z + sz * nema_hole_spacing / 2]);
    } else {
        // the can passes through the wall; the notch below clears the wire cover
        union() {
            slot2d(body_hole_r, [0, motor_z]);
            hull()
                for (dz = [-slot_travel / 2, slot_travel / 2])
                    translate([-byj_cover_width / 2 - c, motor_z + dz - byj_can_d / 2 - byj_cover_proud - c])
                        square([byj_cover_width + 2 * c, byj_can_d / 2 + byj_cover_proud + c]);
        }
        for (sx = [-1, 1])
            slot2d(motor_screw_diameter / 2 + c / 2, [sx * byj_tab_spacing / 2, motor_z]);
    }
}

// Vertical slot of teardrop holes: travel = slot_travel, 45° roof (truncated) so it prints upright unsupported.
module slot2d(r, at) {
    hull()
        for (dz = [-slot_travel / 2, slot_travel / 2])
            translate([at[0], at[1] + dz]) teardrop2d(r);
}

module teardrop2d(r) {
    intersection() {
        union() {
            circle(r = r);
            rotate(45) square(r);                 // corner on the centre, opposite corner straight up at r·√2
        }
        translate([-r, -r]) square([2 * r, 2.1 * r]);   // flat top at 1.1 r: a short bridge instead of a point
    }
}

module foot() {
    ears = mount == "plate" ? ear_width : 0;
    difference() {
        translate([-W / 2 - ears, -foot_depth, 0]) cube([W + 2 * ears, foot_depth, plate_thickness]);
        if (mount == "plate")
            for (sx = [-1, 1], y = [-wall_thickness - 8, -foot_depth + 8])
                translate([sx * (W / 2 + ears / 2), y, -eps])
                    hull()
                        for (dx = [-slot_travel / 2, slot_travel / 2])
                            translate([dx, 0, 0]) cylinder(h = plate_thickness + 2 * eps, d = base_screw_diameter, $fn = 32);
    }
}

// Triangular rib behind the wall, on the foot, outside the motor's body.
module gusset_at(x) {
    translate([x - gusset_thickness / 2, 0, 0])
        rotate([90, 0, 90])
            linear_extrude(height = gusset_thickness)
                polygon([[-wall_thickness + eps, plate_thickness - eps],
                         [-wall_thickness - gusset, plate_thickness - eps],
                         [-wall_thickness + eps, plate_thickness + gusset]]);
}

// Split ring behind the foot around a vertical post; an M3 pinch bolt through two lugs closes it.
module post_clamp() {
    post_r = post_diameter / 2;
    ring_r = post_r + clamp_wall;
    yc = -foot_depth - post_r;                     // ring overlaps the foot's back edge by clamp_wall
    slit = 2;
    lug = clamp_screw_diameter / 2 + 3;            // half the lug height around the bolt
    bolt_y = yc - ring_r - clamp_screw_diameter / 2 - 1.5;
    lug_t = max(4, clamp_nut_across_flats / 2 + 1.5);
    h = max(clamp_height, plate_thickness);
    difference() {
        union() {
            translate([0, yc, 0]) cylinder(h = h, r = ring_r);
            translate([-slit / 2 - lug_t, bolt_y - lug, 0]) cube([slit + 2 * lug_t, yc - post_r - (bolt_y - lug), h]);
        }
        translate([0, yc, -eps]) cylinder(h = h + 2 * eps, r = post_r + 0.15);
        translate([-slit / 2, bolt_y - lug - eps, -eps]) cube([slit, yc - (bolt_y - lug), h + 2 * eps]);
        // pinch bolt along x, nut trap on +x
        translate([-slit / 2 - lug_t - eps, bolt_y, h / 2]) rotate([0, 90, 0])
            cylinder(h = slit + 2 * lug_t + 2 * eps, d = clamp_screw_diameter, $fn = 24);
        translate([slit / 2 + lug_t - 2.6, bolt_y, h / 2]) rotate([0, 90, 0])
            cylinder(h = 2.6 + eps, d = clamp_nut_across_flats / cos(30), $fn = 6);
    }
}
