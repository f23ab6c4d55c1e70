//! The meeting page's two round trips, measured on the server side (no
//! socket, no browser): a cell edit until the diagnostics and costs are
//! computed as JSON, and a proposal until the filled period is shown.
//! Results: docs/benchmarks.md. Run: `cargo bench --bench serve`.

use criterion::{criterion_group, criterion_main, Criterion};
use ctgplan::serve::api::{Request, Server};
use std::time::Duration;

const PORT: u16 = 4321;
const TOKEN: &str = "0123456789abcdef0123456789abcdef";

fn post(url: &str, body: serde_json::Value) -> Request {
    Request {
        method: "POST".into(),
        url: url.into(),
        headers: vec![
            ("host".into(), format!("127.0.0.1:{PORT}")),
            ("x-token".into(), TOKEN.into()),
            ("origin".into(), format!("http://127.0.0.1:{PORT}")),
            ("content-type".into(), "application/json".into()),
        ],
        body: serde_json::to_vec(&body).unwrap_or_default(),
    }
}

fn bench_serve(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("vallee.toml");
    std::fs::write(
        &path,
        include_str!("../scenarios/vallee-des-baux-alpilles.toml"),
    )
    .expect("copy");
    let mut server = Server::new(
        dir.path().to_path_buf(),
        vec![("vallee.toml".into(), path)],
        PORT,
        TOKEN.into(),
    );
    // Criterion's loop is the flood the limit is there for.
    server.max_per_second = u32::MAX;
    let mut g = c.benchmark_group("serve");
    g.measurement_time(Duration::from_secs(5));
    let mut flip = false;
    g.bench_function("vallee-des-baux/edit->diagnostics", |b| {
        b.iter(|| {
            flip = !flip;
            let value = if flip { "0,5" } else { "0,2" };
            let r = server.handle(&post(
                "/api/edit",
                serde_json::json!({"file": 0, "period": 2, "target": {"kind": "post", "holder": "aureille"}, "value": value}),
            ));
            assert_eq!(r.status, 200);
        })
    });
    // Aureille asks 0.5 (a typed cell is an ask), Saint-Rémy open: the
    // others give way; undo between runs.
    server.handle(&post(
        "/api/edit",
        serde_json::json!({"file": 0, "period": 2, "target": {"kind": "post", "holder": "saint-remy"}, "value": ""}),
    ));
    g.bench_function("vallee-des-baux/propose->shown", |b| {
        b.iter(|| {
            // A met ask is locked as agreed: released before it is typed again.
            server.handle(&post(
                "/api/lock",
                serde_json::json!({"file": 0, "period": 2, "key": "post:aureille", "locked": false}),
            ));
            server.handle(&post(
                "/api/edit",
                serde_json::json!({"file": 0, "period": 2, "target": {"kind": "post", "holder": "aureille"}, "value": "0,5"}),
            ));
            let r = server.handle(&post(
                "/api/propose",
                serde_json::json!({"file": 0, "period": 2}),
            ));
            assert_eq!(r.status, 200);
            for _ in 0..2 {
                server.handle(&post(
                    "/api/undo",
                    serde_json::json!({"file": 0, "period": 2}),
                ));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench_serve);
criterion_main!(benches);
