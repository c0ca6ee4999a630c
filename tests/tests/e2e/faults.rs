//! Responder faults: clients that connect and send nothing or a byte a second, a flood of
//! connections, and a responder killed in the middle of receiving an update.

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use crate::server::{ask, free_port, start_on, start_with};
use crate::util::{serial_of, TestEnv};

#[test]
fn idle_slow_and_flooding_clients_do_not_stop_the_answers() {
    let env = TestEnv::new();
    env.init(&[]);
    let port = free_port();
    // Few slots and a short header deadline, so the bound and the timeout both show.
    let server = start_with(
        &env,
        &env.path("responder"),
        port,
        &["--max-connections", "64", "--header-timeout", "1"],
    );
    env.ca(&["responder", "add", &server.url()]).ok();
    let cert = env.issue_leaf("holder", "/CN=Holder");

    // 200 connections that send nothing (more than the 64 slots), 10 that send a byte a second.
    let idle: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    let slow: Vec<_> = (0..10)
        .map(|_| {
            std::thread::spawn(move || {
                if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
                    for b in b"POST / HTTP/1.1\r\n" {
                        if s.write_all(&[*b]).is_err() {
                            break;
                        }
                        std::thread::sleep(Duration::from_secs(1));
                    }
                }
            })
        })
        .collect();
    // Answered all the same: the stuck connections are dropped after the header deadline.
    let out = ask(&env, port, &[&cert], &[]);
    assert!(out.contains("holder.pem: good"), "{out}");

    // A flood: a thousand connections opened and dropped at once, then a revocation.
    let flood: Vec<TcpStream> = (0..1000)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", port)).ok())
        .collect();
    drop(flood);
    env.ca(&["revoke", &serial_of(&cert)]).ok();
    let out = ask(&env, port, &[&cert], &[]);
    assert!(out.contains("holder.pem: revoked"), "{out}");
    drop(idle);
    for s in slow {
        let _ = s.join();
    }
}

#[test]
fn a_responder_killed_while_receiving_an_update_catches_up_after_restart() {
    let env = TestEnv::new();
    env.init(&[]);
    let csv = env.path("people.csv");
    let rows: String = (0..300).map(|i| format!("CN=Holder {i}\n")).collect();
    std::fs::write(&csv, format!("subject\n{rows}")).unwrap();
    env.ca(&["enroll", "--batch", csv.to_str().unwrap(), "--out", "keys"])
        .ok();
    let serials = env.serials();
    for serial in serials.iter().skip(1).step_by(7) {
        env.ca(&["revoke", serial, "--reason", "superseded"]).ok();
    }
    let snapshot = env.path("snapshot.bin");
    env.ca(&["publish", "--out", snapshot.to_str().unwrap()])
        .ok();
    let bytes = std::fs::read(&snapshot).unwrap();

    let port = free_port();
    let data = env.path("responder");
    let mut server = start_on(&env, &data, port);
    // Half the update arrives, then the responder dies.
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "POST /publish HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n",
        bytes.len()
    )
    .unwrap();
    stream.write_all(&bytes[..bytes.len() / 2]).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    server.kill();
    drop(stream);

    // Restarted on its data: nothing half-applied, and the CA brings it level.
    let server = start_on(&env, &data, port);
    let (_, metrics) = crate::server::http(
        port,
        b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    let metrics = String::from_utf8(metrics).unwrap();
    assert!(
        metrics.contains("\nocsp_status_update_sequence 0\n"),
        "a half-received update was applied: {metrics}"
    );
    env.ca(&["responder", "add", &server.url()]).ok();
    let listed = env.ca(&["--json", "list"]).json();
    for (i, record) in listed.as_array().unwrap().iter().enumerate().step_by(10) {
        let serial = record["serial"].as_str().unwrap();
        let cert = env.path(&format!("c{i}.pem"));
        std::fs::write(&cert, env.ca(&["show", serial, "--pem"]).ok()).unwrap();
        let revoked = record["status"] == "revoked";
        let report = env
            .ca(&[
                "--json",
                "status",
                "--cert",
                cert.to_str().unwrap(),
                "--url",
                &server.url(),
            ])
            .json_with(if revoked { 1 } else { 0 });
        assert_eq!(
            report["status"],
            if revoked { "revoked" } else { "good" },
            "{serial}: {report}"
        );
    }
}
