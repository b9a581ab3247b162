//! The fan-out plot: worker CPU and loss against subscribers, as SVG.

use std::path::Path;

use plotters::prelude::*;

use crate::fanout::Point;

/// Writes `file`: worker CPU (% of one core, left axis) and loss (%, right axis).
pub fn fanout_svg(points: &[Point], file: &Path) -> Result<(), String> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let draw = || -> Result<(), Box<dyn std::error::Error>> {
        let max_x = points.iter().map(|p| p.subscribers).max().unwrap_or(1) as f64 * 1.05;
        let max_loss = points.iter().map(|p| p.loss_pct).fold(1.0, f64::max) * 1.2;
        let root = SVGBackend::new(file, (800, 480)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                "stunroom fan-out: 1 publisher → N subscribers, one mediasoup worker",
                ("sans-serif", 20),
            )
            .margin(16)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .right_y_label_area_size(56)
            .build_cartesian_2d(0.0..max_x, 0.0..110.0)?
            .set_secondary_coord(0.0..max_x, 0.0..max_loss);
        chart
            .configure_mesh()
            .x_desc("subscribers (2 consumers each)")
            .y_desc("worker CPU, % of one core")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .light_line_style(WHITE)
            .draw()?;
        chart
            .configure_secondary_axes()
            .y_desc("loss, %")
            .y_label_formatter(&|y| format!("{y:.2}"))
            .draw()?;
        let cpu: Vec<(f64, f64)> = points
            .iter()
            .map(|p| (f64::from(p.subscribers), p.worker_pct))
            .collect();
        let loss: Vec<(f64, f64)> = points
            .iter()
            .map(|p| (f64::from(p.subscribers), p.loss_pct))
            .collect();
        chart
            .draw_series(LineSeries::new(cpu.clone(), BLUE.stroke_width(2)))?
            .label("worker CPU %")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLUE.stroke_width(2)));
        chart.draw_series(
            cpu.iter()
                .map(|&(x, y)| Circle::new((x, y), 4, BLUE.filled())),
        )?;
        chart
            .draw_secondary_series(LineSeries::new(loss.clone(), RED.stroke_width(2)))?
            .label("loss %")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], RED.stroke_width(2)));
        chart.draw_secondary_series(
            loss.iter()
                .map(|&(x, y)| Circle::new((x, y), 4, RED.filled())),
        )?;
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()?;
        root.present()?;
        Ok(())
    };
    draw().map_err(|e| format!("cannot draw {}: {e}", file.display()))
}
