//! Checks `deploy/`: the Kubernetes manifests and the Dockerfile.
//!
//! - every YAML document under deploy/kubernetes parses; built-in kinds validate
//!   against the Kubernetes schemas (PyPI's `kubernetes-validate`, installed by
//!   `cargo xtask setup`); STUNner, Gateway API and cert-manager kinds are checked
//!   here for their documented required fields;
//! - names and numbers agree: Service <-> UDPRoute backendRef, Secret keys <-> the
//!   server's secretKeyRefs, container port <-> the server's default listen port,
//!   probe and HEALTHCHECK paths <-> routes the real binary serves, Ingress backend
//!   <-> Service port, every STUNROOM_* variable <-> one the server reads;
//! - every file is listed in its kustomization.yaml;
//! - the Dockerfile's COPY sources exist, its `--bin` is a real binary, its tool
//!   versions equal Trunk.toml / Cargo.lock / xtask's.
//!
//! No Docker engine or cluster runs here: the Dockerfile's build steps are the
//! ones `cargo xtask test` runs outside a container (trunk build, cargo build).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde::Deserialize;
use serde_norway::Value;

// ---------------------------------------------------------------------------
// Loading

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("server/ has a parent")
        .to_path_buf()
}

fn k8s_dir() -> PathBuf {
    repo_root().join("deploy/kubernetes")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn rel(path: &Path) -> String {
    path.strip_prefix(repo_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// All `*.yaml`/`*.yml` files under `dir`, recursively, sorted.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in
            std::fs::read_dir(&d).unwrap_or_else(|e| panic!("read_dir {}: {e}", d.display()))
        {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            ) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every non-empty YAML document of a (multi-document) file.
fn documents(path: &Path) -> Vec<Value> {
    let text = read(path);
    let mut docs = Vec::new();
    for (i, de) in serde_norway::Deserializer::from_str(&text).enumerate() {
        let doc = Value::deserialize(de)
            .unwrap_or_else(|e| panic!("{} document {}: invalid YAML: {e}", rel(path), i + 1));
        if !doc.is_null() {
            docs.push(doc);
        }
    }
    docs
}

fn is_kustomization(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()) == Some("kustomization.yaml")
}

/// A Kubernetes object with where it came from.
#[derive(Clone, Debug)]
struct Object {
    file: PathBuf,
    doc: Value,
}

impl Object {
    fn kind(&self) -> &str {
        str_at(&self.doc, "kind").unwrap_or("")
    }
    fn api_version(&self) -> &str {
        str_at(&self.doc, "apiVersion").unwrap_or("")
    }
    fn name(&self) -> &str {
        str_at(&self.doc, "metadata.name").unwrap_or("")
    }
    fn namespace(&self) -> Option<&str> {
        str_at(&self.doc, "metadata.namespace")
    }
    fn at(&self, path: &str) -> Option<&Value> {
        at(&self.doc, path)
    }
    fn str(&self, path: &str) -> Option<&str> {
        str_at(&self.doc, path)
    }
    fn id(&self) -> String {
        format!(
            "{} {}/{} ({})",
            self.kind(),
            self.namespace().unwrap_or("-"),
            self.name(),
            rel(&self.file)
        )
    }
}

/// `a.b.0.c` path lookup (numbers index sequences).
fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = v;
    for part in path.split('.') {
        cur = match part.parse::<usize>() {
            Ok(i) => cur.as_sequence()?.get(i)?,
            Err(_) => cur.as_mapping()?.get(part)?,
        };
    }
    Some(cur)
}

fn str_at<'a>(v: &'a Value, path: &str) -> Option<&'a str> {
    at(v, path)?.as_str()
}

fn seq(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_sequence).map_or(&[], Vec::as_slice)
}

/// Scalar as text (numbers and strings alike).
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Every resource document under deploy/kubernetes: kustomizations and the
/// patches they name excluded.
fn objects() -> Vec<Object> {
    let files = yaml_files(&k8s_dir());
    assert!(!files.is_empty(), "no YAML under deploy/kubernetes");
    let mut patches = BTreeSet::new();
    for k in files.iter().filter(|f| is_kustomization(f)) {
        let dir = k.parent().unwrap();
        for p in kustomization(dir).patches {
            patches.insert(dir.join(p));
        }
    }
    let mut out = Vec::new();
    for file in files
        .into_iter()
        .filter(|f| !is_kustomization(f) && !patches.contains(f))
    {
        for doc in documents(&file) {
            out.push(Object {
                file: file.clone(),
                doc,
            });
        }
    }
    out
}

/// What `kubectl apply -k deploy/kubernetes` applies (the default,
/// ingress-nginx variant), without running kustomize.
fn base_objects() -> Vec<Object> {
    build(&k8s_dir()).objects
}

fn find<'a>(objs: &'a [Object], kind: &str, name: &str, ns: Option<&str>) -> Option<&'a Object> {
    objs.iter()
        .find(|o| o.kind() == kind && o.name() == name && o.namespace() == ns)
}

fn only<'a>(objs: &'a [Object], kind: &str) -> &'a Object {
    let found: Vec<&Object> = objs.iter().filter(|o| o.kind() == kind).collect();
    assert_eq!(
        found.len(),
        1,
        "expected exactly one {kind} in deploy/kubernetes, found {}",
        found.len()
    );
    found[0]
}

// ---------------------------------------------------------------------------
// Kustomize (the subset we use)

#[derive(Debug, Default)]
struct Kustomization {
    resources: Vec<String>,
    components: Vec<String>,
    patches: Vec<String>,
    /// Env files the generators read, relative to the kustomization.
    env_files: Vec<String>,
    /// Generated objects: (kind, namespace, name, env files).
    generated: Vec<(String, Option<String>, String, Vec<String>)>,
    doc: Value,
}

fn kustomization(dir: &Path) -> Kustomization {
    let path = dir.join("kustomization.yaml");
    let docs = documents(&path);
    assert_eq!(docs.len(), 1, "{}: one document expected", rel(&path));
    let doc = docs.into_iter().next().unwrap();
    let strings = |v: Option<&Value>| -> Vec<String> {
        seq(v)
            .iter()
            .filter_map(|x| x.as_str().map(str::to_owned))
            .collect()
    };
    let mut k = Kustomization {
        resources: strings(at(&doc, "resources")),
        components: strings(at(&doc, "components")),
        ..Default::default()
    };
    for p in seq(at(&doc, "patches")) {
        if let Some(path) = str_at(p, "path") {
            k.patches.push(path.to_owned());
        }
    }
    for (generator, kind) in [
        ("secretGenerator", "Secret"),
        ("configMapGenerator", "ConfigMap"),
    ] {
        for g in seq(at(&doc, generator)) {
            let files = strings(at(g, "envs"));
            assert!(
                at(g, "files").is_none(),
                "{}: use envs: in generators (the test reads only those)",
                rel(&path)
            );
            k.env_files.extend(files.iter().cloned());
            let name = str_at(g, "name")
                .unwrap_or_else(|| panic!("{}: {generator} entry without name", rel(&path)));
            let ns = str_at(g, "namespace").map(str::to_owned);
            k.generated
                .push((kind.to_owned(), ns, name.to_owned(), files));
        }
    }
    k.doc = doc;
    k
}

/// A generator's env file, or its committed `.example` when the real one is
/// site-specific and git-ignored (the TURN secret).
fn env_file(dir: &Path, name: &str) -> PathBuf {
    let real = dir.join(name);
    if real.is_file() {
        return real;
    }
    let example = dir.join(format!("{name}.example"));
    assert!(
        example.is_file(),
        "{} is missing and so is {}.example",
        rel(&real),
        name
    );
    example
}

fn env_keys(path: &Path) -> BTreeMap<String, String> {
    read(path)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (k, v) = l
                .split_once('=')
                .unwrap_or_else(|| panic!("{}: line {l:?} is not KEY=VALUE", rel(path)));
            (k.trim().to_owned(), v.trim().to_owned())
        })
        .collect()
}

/// A generated Secret or ConfigMap: where its data comes from and what it holds.
#[derive(Debug, Clone)]
struct Generated {
    kind: String,
    namespace: String,
    name: String,
    sources: Vec<PathBuf>,
    data: BTreeMap<String, String>,
}

/// A kustomization resolved the way kustomize would, minus transformers:
/// resource files, sub-kustomizations, components and generators.
#[derive(Debug, Default)]
struct Build {
    objects: Vec<Object>,
    generated: Vec<Generated>,
}

fn build(dir: &Path) -> Build {
    let k = kustomization(dir);
    let mut out = Build::default();
    for r in k.resources.iter().chain(&k.components) {
        let path = dir.join(r);
        if path.is_dir() {
            let sub = build(&path);
            out.objects.extend(sub.objects);
            out.generated.extend(sub.generated);
        } else {
            for doc in documents(&path) {
                out.objects.push(Object {
                    file: path.clone(),
                    doc,
                });
            }
        }
    }
    for (kind, ns, name, files) in k.generated {
        let namespace = ns.unwrap_or_else(|| {
            panic!(
                "{}: generated {kind} {name} must name its namespace (no top-level namespace)",
                rel(dir)
            )
        });
        let sources: Vec<PathBuf> = files.iter().map(|f| env_file(dir, f)).collect();
        let mut data = BTreeMap::new();
        for s in &sources {
            data.extend(env_keys(s));
        }
        out.generated.push(Generated {
            kind,
            namespace,
            name,
            sources,
            data,
        });
    }
    out
}

fn generated<'a>(b: &'a Build, kind: &str, ns: &str, name: &str) -> Option<&'a Generated> {
    b.generated
        .iter()
        .find(|g| g.kind == kind && g.namespace == ns && g.name == name)
}

/// The Secrets the default variant generates: (namespace, name) -> data.
fn generated_secrets() -> BTreeMap<(String, String), BTreeMap<String, String>> {
    build(&k8s_dir())
        .generated
        .into_iter()
        .filter(|g| g.kind == "Secret")
        .map(|g| ((g.namespace, g.name), g.data))
        .collect()
}

// ---------------------------------------------------------------------------
// The server's side: env vars, default port, served routes

/// Every `"STUNROOM_…"` / `"POD_IP"` string literal in server/src.
fn server_env_vars() -> BTreeSet<String> {
    let mut vars = BTreeSet::new();
    let mut stack = vec![repo_root().join("server/src")];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read server/src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().and_then(|e| e.to_str()) == Some("rs") {
                let text = read(&path);
                for (i, _) in text
                    .match_indices("\"STUNROOM_")
                    .chain(text.match_indices("\"POD_IP\""))
                {
                    let rest = &text[i + 1..];
                    let end = rest.find('"').unwrap_or(0);
                    let name = &rest[..end];
                    if !name.is_empty()
                        && name
                            .bytes()
                            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
                    {
                        vars.insert(name.to_owned());
                    }
                }
            }
        }
    }
    vars
}

/// The server's default `--listen` port, from `stunroom --help`.
fn server_default_port() -> u16 {
    let out = Command::new(env!("CARGO_BIN_EXE_stunroom"))
        .arg("--help")
        .env_remove("STUNROOM_LISTEN")
        .output()
        .expect("run stunroom --help");
    let help = String::from_utf8_lossy(&out.stdout);
    let after = help
        .split("--listen")
        .nth(1)
        .unwrap_or_else(|| panic!("`stunroom --help` has no --listen:\n{help}"));
    let default = after
        .split("[default: ")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .unwrap_or_else(|| panic!("`stunroom --help` shows no default for --listen:\n{help}"));
    let addr: SocketAddr = default
        .trim()
        .parse()
        .unwrap_or_else(|e| panic!("--listen default {default:?}: {e}"));
    addr.port()
}

/// The real binary on a free loopback port, killed on drop.
struct Server {
    child: Child,
    addr: SocketAddr,
    _dist: tempfile::TempDir,
}

/// Served as the SPA's index.html, so a route that falls back to it is caught.
const INDEX_MARKER: &str = "deploy-manifests-test-index";

impl Server {
    fn start() -> Server {
        let dist = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dist.path().join("index.html"),
            format!("<!doctype html><title>{INDEX_MARKER}</title>"),
        )
        .expect("write index.html");
        let mut child = Command::new(env!("CARGO_BIN_EXE_stunroom"))
            .args(["--listen", "127.0.0.1:0"])
            .args([
                "--rtc-listen-ip",
                "127.0.0.1",
                "--announced-ip",
                "127.0.0.1",
            ])
            .args(["--workers", "1", "--rtc-port", "0"])
            .arg("--dist-dir")
            .arg(dist.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn stunroom");
        let stdout = child.stdout.take().expect("child stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(addr) = line.strip_prefix("stunroom listening on http://") {
                    let _ = tx.send(addr.trim().to_owned());
                }
            }
        });
        let addr = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(a) => a.parse().expect("listen address"),
            Err(_) => {
                let _ = child.kill();
                panic!("stunroom printed no `stunroom listening on` line within 60 s");
            }
        };
        Server {
            child,
            addr,
            _dist: dist,
        }
    }

    /// Plain HTTP/1.1 GET: (status, body).
    fn get(&self, path: &str) -> (u16, String) {
        let mut s =
            TcpStream::connect_timeout(&self.addr, Duration::from_secs(5)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read response");
        let text = String::from_utf8_lossy(&raw).into_owned();
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or_else(|| panic!("GET {path}: not an HTTP response: {text:?}"));
        let body = text
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_owned();
        (status, body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------
// Dockerfile

#[derive(Debug)]
struct Instruction {
    op: String,
    args: String,
    stage: usize,
}

/// Instructions with `\` continuations joined and comments dropped.
fn dockerfile() -> Vec<Instruction> {
    let text = read(&repo_root().join("deploy/Dockerfile"));
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut stage = 0;
    for line in text.lines() {
        let t = line.trim();
        if cur.is_empty() && (t.is_empty() || t.starts_with('#')) {
            continue;
        }
        if !cur.is_empty() && t.starts_with('#') {
            continue; // comment lines inside a continuation
        }
        if let Some(head) = t.strip_suffix('\\') {
            cur.push_str(head);
            cur.push(' ');
            continue;
        }
        cur.push_str(t);
        let (op, args) = cur.split_once(char::is_whitespace).unwrap_or((&cur, ""));
        let op = op.to_ascii_uppercase();
        if op == "FROM" {
            stage += 1;
        }
        out.push(Instruction {
            op,
            args: args.split_whitespace().collect::<Vec<_>>().join(" "),
            stage,
        });
        cur.clear();
    }
    out
}

fn docker_ops<'a>(ins: &'a [Instruction], op: &str) -> Vec<&'a Instruction> {
    ins.iter().filter(|i| i.op == op).collect()
}

/// `ENV A=1 B=2` pairs of the final stage.
fn docker_env(ins: &[Instruction]) -> BTreeMap<String, String> {
    let last = ins.iter().map(|i| i.stage).max().unwrap_or(0);
    let mut out = BTreeMap::new();
    for i in docker_ops(ins, "ENV")
        .into_iter()
        .filter(|i| i.stage == last)
    {
        for pair in i.args.split_whitespace() {
            if let Some((k, v)) = pair.split_once('=') {
                out.insert(k.to_owned(), v.trim_matches('"').to_owned());
            }
        }
    }
    out
}

/// Path and port of the HEALTHCHECK's `http://host:port/path` URL.
fn healthcheck_url(ins: &[Instruction]) -> (u16, String) {
    let hc = docker_ops(ins, "HEALTHCHECK");
    assert_eq!(hc.len(), 1, "the Dockerfile needs exactly one HEALTHCHECK");
    let url = hc[0]
        .args
        .split(|c: char| c.is_whitespace() || c == '"' || c == ',' || c == '[' || c == ']')
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("HEALTHCHECK has no http:// URL: {}", hc[0].args));
    let rest = &url["http://".len()..];
    let (hostport, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let port = hostport
        .rsplit_once(':')
        .and_then(|(_, p)| p.parse().ok())
        .unwrap_or(80);
    (
        port,
        if path.is_empty() {
            "/".into()
        } else {
            path.to_owned()
        },
    )
}

fn locked_version(name: &str) -> Option<String> {
    let lock = read(&repo_root().join("Cargo.lock"));
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.trim() == format!("name = \"{name}\"") {
            return lines
                .next()
                .and_then(|v| v.trim().strip_prefix("version = "))
                .map(|v| v.trim_matches('"').to_owned());
        }
    }
    None
}

/// `value` of `key = "value"` in a TOML-ish text (first match).
fn toml_string(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == key).then(|| {
            v.split('#')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches('"')
                .to_owned()
        })
    })
}

// ---------------------------------------------------------------------------
// Tests: parsing and schemas

const CLUSTER_SCOPED: &[&str] = &[
    "Namespace",
    "ClusterIssuer",
    "GatewayClass",
    "ClusterRole",
    "ClusterRoleBinding",
];

/// API groups whose kinds kubernetes-validate has no schema for; checked below in Rust.
const CRD_GROUPS: &[&str] = &[
    "cert-manager.io/",
    "gateway.networking.k8s.io/",
    "stunner.l7mp.io/",
    "kustomize.config.k8s.io/",
];

fn is_crd(api_version: &str) -> bool {
    CRD_GROUPS.iter().any(|g| api_version.starts_with(g))
}

#[test]
fn every_manifest_parses_and_is_named() {
    let objs = objects();
    let mut seen = BTreeSet::new();
    for o in &objs {
        assert!(
            !o.api_version().is_empty(),
            "{}: document without apiVersion",
            rel(&o.file)
        );
        assert!(
            !o.kind().is_empty(),
            "{}: document without kind",
            rel(&o.file)
        );
        assert!(
            !o.name().is_empty(),
            "{}: {} without metadata.name",
            rel(&o.file),
            o.kind()
        );
        // No top-level `namespace:` in the kustomization: each namespaced object
        // must say where it goes, or kubectl puts it into the current context's.
        if CLUSTER_SCOPED.contains(&o.kind()) {
            assert!(
                o.namespace().is_none(),
                "{}: cluster-scoped, must not set a namespace",
                o.id()
            );
        } else {
            assert!(
                o.namespace().is_some(),
                "{}: set metadata.namespace",
                o.id()
            );
        }
        assert!(
            seen.insert((
                o.kind().to_owned(),
                o.namespace().map(str::to_owned),
                o.name().to_owned(),
                o.file.parent().map(Path::to_path_buf)
            )),
            "{}: defined twice",
            o.id()
        );
    }
    // Each variant, as kustomize assembles it, defines every object once.
    for variant in [k8s_dir(), k8s_dir().join("gateway-api")] {
        let mut ids = BTreeSet::new();
        for o in build(&variant).objects {
            assert!(
                ids.insert((
                    o.kind().to_owned(),
                    o.namespace().map(str::to_owned),
                    o.name().to_owned()
                )),
                "{}: twice in the {} variant",
                o.id(),
                rel(&variant)
            );
        }
    }
    // Every kustomization parses too.
    for f in yaml_files(&k8s_dir())
        .into_iter()
        .filter(|f| is_kustomization(f))
    {
        let _ = kustomization(f.parent().unwrap());
    }
}

#[test]
fn builtin_kinds_validate_against_kubernetes_schemas() {
    // Generated Secrets are validated too: write them out as manifests.
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut generated = String::new();
    for ((ns, name), data) in generated_secrets() {
        generated.push_str(&format!(
            "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n  namespace: {ns}\ntype: Opaque\nstringData:\n"
        ));
        for (k, v) in data {
            generated.push_str(&format!("  {k}: {v:?}\n"));
        }
    }
    let generated_path = tmp.path().join("generated-secrets.yaml");
    std::fs::write(&generated_path, generated).unwrap();

    let mut files: Vec<PathBuf> = yaml_files(&k8s_dir())
        .into_iter()
        .filter(|f| !is_kustomization(f))
        .collect();
    files.push(generated_path.clone());
    let out = match Command::new("kubernetes-validate")
        .arg("--strict")
        .args(&files)
        .output()
    {
        Ok(out) => out,
        Err(e) => panic!(
            "cannot run `kubernetes-validate` ({e}).\n\
             Run `cargo xtask setup`, which installs it \
             (python3 -m pip install kubernetes-validate==1.37.0)."
        ),
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "kubernetes-validate rejected the manifests:\n{text}"
    );

    // Every built-in object was actually checked against a schema, and the only
    // skipped kinds are the CRDs checked below.
    let mut objs = objects();
    for doc in documents(&generated_path) {
        objs.push(Object {
            file: generated_path.clone(),
            doc,
        });
    }
    for o in &objs {
        if is_crd(o.api_version()) {
            continue;
        }
        let needle = format!(
            "passed for resource {}/{}",
            o.kind().to_ascii_lowercase(),
            o.name()
        );
        assert!(
            text.contains(&needle),
            "{}: not validated by kubernetes-validate (no {needle:?}):\n{text}",
            o.id()
        );
    }
    for line in text.lines().filter(|l| l.contains("Couldn't find schema")) {
        let api = line.split("api version ").nth(1).unwrap_or("");
        assert!(
            is_crd(api),
            "kubernetes-validate has no schema for a kind we do not check otherwise: {line}"
        );
    }
}

fn assert_dns_label(what: &str, v: &str) {
    assert!(
        !v.is_empty()
            && v.len() <= 63
            && v.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !v.starts_with('-')
            && !v.ends_with('-'),
        "{what}: {v:?} is not a lowercase DNS label"
    );
}

#[test]
fn crd_kinds_have_documented_required_fields() {
    let objs = objects();
    for o in &objs {
        let id = o.id();
        match (o.api_version(), o.kind()) {
            ("gateway.networking.k8s.io/v1", "GatewayClass") => {
                // STUNner docs/GATEWAY.md: controllerName and parametersRef required.
                assert_eq!(
                    o.str("spec.controllerName"),
                    Some("stunner.l7mp.io/gateway-operator"),
                    "{id}"
                );
                let pr = o
                    .at("spec.parametersRef")
                    .unwrap_or_else(|| panic!("{id}: spec.parametersRef required"));
                assert_eq!(
                    str_at(pr, "group").unwrap_or("stunner.l7mp.io"),
                    "stunner.l7mp.io",
                    "{id}"
                );
                assert_eq!(
                    str_at(pr, "kind").unwrap_or("GatewayConfig"),
                    "GatewayConfig",
                    "{id}"
                );
                let name = str_at(pr, "name")
                    .unwrap_or_else(|| panic!("{id}: parametersRef.name required"));
                let ns = str_at(pr, "namespace")
                    .unwrap_or_else(|| panic!("{id}: parametersRef.namespace required"));
                assert!(
                    find(&objs, "GatewayConfig", name, Some(ns)).is_some(),
                    "{id}: parametersRef -> no GatewayConfig {ns}/{name}"
                );
            }
            ("stunner.l7mp.io/v1", "GatewayConfig") => {
                if let Some(realm) = o.str("spec.realm") {
                    assert_dns_label(&format!("{id}: realm"), &realm.replace('.', "-"));
                }
                let secrets = generated_secrets();
                match o.at("spec.authRef") {
                    Some(r) => {
                        let name = str_at(r, "name")
                            .unwrap_or_else(|| panic!("{id}: authRef.name required"));
                        let ns = str_at(r, "namespace").or(o.namespace()).unwrap();
                        let data = secrets
                            .get(&(ns.to_owned(), name.to_owned()))
                            .unwrap_or_else(|| {
                                panic!("{id}: authRef -> no generated Secret {ns}/{name}")
                            });
                        // docs/AUTH.md: type static needs username+password, ephemeral needs secret.
                        match data.get("type").map(String::as_str).unwrap_or("static") {
                            "static" => assert!(
                                data.contains_key("username") && data.contains_key("password"),
                                "{id}: static auth needs username and password"
                            ),
                            "ephemeral" | "longterm" => assert!(
                                data.get("secret").is_some_and(|s| !s.is_empty()),
                                "{id}: ephemeral auth needs secret"
                            ),
                            other => panic!("{id}: unknown auth type {other:?}"),
                        }
                    }
                    None => assert!(
                        o.at("spec.sharedSecret").is_some()
                            || (o.at("spec.userName").is_some() && o.at("spec.password").is_some()),
                        "{id}: needs authRef, sharedSecret, or userName+password"
                    ),
                }
            }
            ("gateway.networking.k8s.io/v1", "Gateway") => {
                let class = o
                    .str("spec.gatewayClassName")
                    .unwrap_or_else(|| panic!("{id}: gatewayClassName required"));
                // STUNner's class is ours to define; an HTTP gateway's class
                // comes with its implementation (site.env names it).
                let is_stunner = class == "stunner-gatewayclass";
                if is_stunner {
                    let gc = find(&objs, "GatewayClass", class, None)
                        .unwrap_or_else(|| panic!("{id}: no GatewayClass {class}"));
                    assert_eq!(
                        gc.str("spec.controllerName"),
                        Some("stunner.l7mp.io/gateway-operator"),
                        "{id}"
                    );
                }
                let listeners = seq(o.at("spec.listeners"));
                assert!(!listeners.is_empty(), "{id}: listeners required");
                let mut names = BTreeSet::new();
                for l in listeners {
                    let name =
                        str_at(l, "name").unwrap_or_else(|| panic!("{id}: listener name required"));
                    assert!(names.insert(name), "{id}: listener {name} twice");
                    let port = at(l, "port")
                        .and_then(Value::as_u64)
                        .unwrap_or_else(|| panic!("{id}: listener {name}: port required"));
                    assert!(
                        (1..=65535).contains(&port),
                        "{id}: listener {name}: port {port}"
                    );
                    let proto = str_at(l, "protocol")
                        .unwrap_or_else(|| panic!("{id}: listener {name}: protocol required"));
                    if is_stunner {
                        assert!(
                            ["TURN-UDP", "TURN-TCP", "TURN-TLS", "TURN-DTLS"].contains(&proto),
                            "{id}: listener {name}: protocol {proto}"
                        );
                        if proto == "TURN-TLS" || proto == "TURN-DTLS" {
                            assert!(
                                at(l, "tls.certificateRefs").is_some(),
                                "{id}: {proto} needs tls.certificateRefs"
                            );
                        }
                    } else {
                        assert!(
                            ["HTTP", "HTTPS", "TLS", "TCP", "UDP"].contains(&proto),
                            "{id}: listener {name}: protocol {proto}"
                        );
                        if proto == "HTTPS" {
                            let refs = seq(at(l, "tls.certificateRefs"));
                            assert!(
                                !refs.is_empty(),
                                "{id}: HTTPS listener {name} needs tls.certificateRefs"
                            );
                            for r in refs {
                                assert!(
                                    str_at(r, "namespace").is_none_or(|n| Some(n) == o.namespace()),
                                    "{id}: certificate Secret must be in the Gateway's namespace"
                                );
                            }
                        }
                    }
                }
            }
            ("stunner.l7mp.io/v1" | "gateway.networking.k8s.io/v1", "UDPRoute" | "HTTPRoute") => {
                let parents = seq(o.at("spec.parentRefs"));
                assert!(!parents.is_empty(), "{id}: parentRefs required");
                for p in parents {
                    let name = str_at(p, "name")
                        .unwrap_or_else(|| panic!("{id}: parentRef name required"));
                    let ns = str_at(p, "namespace").or(o.namespace());
                    let gw = find(&objs, "Gateway", name, ns)
                        .unwrap_or_else(|| panic!("{id}: parentRef -> no Gateway {ns:?}/{name}"));
                    if let Some(section) = str_at(p, "sectionName") {
                        assert!(
                            seq(gw.at("spec.listeners"))
                                .iter()
                                .any(|l| str_at(l, "name") == Some(section)),
                            "{id}: no listener {section} on {name}"
                        );
                    }
                }
                let rules = seq(o.at("spec.rules"));
                assert!(!rules.is_empty(), "{id}: rules required");
                for r in rules {
                    for b in seq(at(r, "backendRefs")) {
                        assert!(
                            str_at(b, "name").is_some(),
                            "{id}: backendRef name required"
                        );
                        assert_eq!(
                            str_at(b, "group").unwrap_or(""),
                            "",
                            "{id}: backendRef group must be \"\" (Service)"
                        );
                        assert_eq!(str_at(b, "kind").unwrap_or("Service"), "Service", "{id}");
                        if o.kind() == "HTTPRoute" {
                            assert!(
                                at(b, "port").is_some(),
                                "{id}: HTTPRoute backendRef needs a port"
                            );
                        }
                    }
                }
            }
            ("cert-manager.io/v1", "ClusterIssuer" | "Issuer") => {
                let server = o
                    .str("spec.acme.server")
                    .unwrap_or_else(|| panic!("{id}: spec.acme.server required"));
                assert!(server.starts_with("https://"), "{id}: ACME server {server}");
                assert!(
                    o.str("spec.acme.privateKeySecretRef.name").is_some(),
                    "{id}: acme.privateKeySecretRef.name required"
                );
                assert!(
                    o.str("spec.acme.email")
                        .is_some_and(|e| e.contains('@') || e == "ACME-EMAIL"),
                    "{id}: acme.email"
                );
                let solvers = seq(o.at("spec.acme.solvers"));
                assert!(!solvers.is_empty(), "{id}: acme.solvers required");
                for s in solvers {
                    assert!(
                        at(s, "http01").is_some() || at(s, "dns01").is_some(),
                        "{id}: solver needs http01 or dns01"
                    );
                }
            }
            (api, kind) if is_crd(api) => panic!("{id}: {api} {kind} has no check here: add one"),
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------
// Tests: consistency

#[test]
fn kustomization_lists_every_file() {
    for kfile in yaml_files(&k8s_dir())
        .into_iter()
        .filter(|f| is_kustomization(f))
    {
        let dir = kfile.parent().unwrap();
        let k = kustomization(dir);
        for r in &k.resources {
            let p = dir.join(r);
            assert!(
                p.exists(),
                "{}: lists {r}, which does not exist",
                rel(&kfile)
            );
            if p.is_dir() {
                assert!(
                    p.join("kustomization.yaml").is_file(),
                    "{}: {r} has no kustomization.yaml",
                    rel(&kfile)
                );
            }
        }
        for r in &k.components {
            assert!(
                dir.join(r).join("kustomization.yaml").is_file(),
                "{}: component {r} has no kustomization.yaml",
                rel(&kfile)
            );
        }
        for f in &k.patches {
            assert!(
                dir.join(f).is_file(),
                "{}: patch {f} does not exist",
                rel(&kfile)
            );
        }
        for f in &k.env_files {
            let _ = env_file(dir, f);
        }
        let listed: BTreeSet<&str> = k
            .resources
            .iter()
            .chain(&k.patches)
            .chain(&k.env_files)
            .map(String::as_str)
            .collect();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            let is_yaml = matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            );
            if path.is_file() && is_yaml && name != "kustomization.yaml" {
                assert!(
                    listed.contains(name.as_str()),
                    "{}: {name} is not listed (resources or patches)",
                    rel(&kfile)
                );
            }
            if path.is_file() && name.ends_with(".env") {
                assert!(
                    listed.contains(name.as_str()),
                    "{}: {name} is used by no generator",
                    rel(&kfile)
                );
            }
        }
    }
}

#[test]
fn udproute_backend_is_our_service_and_selects_our_pods() {
    let objs = base_objects();
    let svc = only(&objs, "Service");
    let dep = only(&objs, "Deployment");
    let route = only(&objs, "UDPRoute");
    let backends: Vec<&Value> = seq(route.at("spec.rules"))
        .iter()
        .flat_map(|r| seq(at(r, "backendRefs")))
        .collect();
    assert!(!backends.is_empty(), "{}: no backendRefs", route.id());
    for b in backends {
        assert_eq!(
            str_at(b, "name"),
            Some(svc.name()),
            "{}: backendRef name",
            route.id()
        );
        assert_eq!(
            str_at(b, "namespace").or(route.namespace()),
            svc.namespace(),
            "{}: backendRef namespace must be the Service's ({})",
            route.id(),
            svc.id()
        );
        // STUNner refuses TURN permissions to other ports: exactly the workers'
        // WebRtcServer ports, [port, endPort].
        let (first, last) = rtc_ports(dep);
        assert_eq!(
            at(b, "port").and_then(Value::as_u64),
            Some(first),
            "{}: backendRef port must be STUNROOM_RTC_PORT",
            route.id()
        );
        assert_eq!(
            at(b, "endPort").and_then(Value::as_u64),
            Some(last),
            "{}: backendRef endPort must be the last worker's port",
            route.id()
        );
    }
    // The Service's endpoints are our pods: its selector matches the pod labels,
    // in the same namespace. Otherwise STUNner answers "no route to endpoint".
    assert_eq!(svc.namespace(), dep.namespace());
    let selector = svc
        .at("spec.selector")
        .and_then(Value::as_mapping)
        .expect("Service selector");
    let labels = dep
        .at("spec.template.metadata.labels")
        .and_then(Value::as_mapping)
        .expect("pod labels");
    for (k, v) in selector {
        assert_eq!(
            labels.get(k),
            Some(v),
            "Service selector {k:?} does not match the pod labels"
        );
    }
    let gw_ns = route.namespace();
    let gw_name = str_at(&seq(route.at("spec.parentRefs"))[0], "name").unwrap();
    assert!(
        find(&objs, "Gateway", gw_name, gw_ns).is_some(),
        "UDPRoute parent Gateway not in the base"
    );
}

fn container<'a>(dep: &'a Object, name: &str) -> &'a Value {
    seq(dep.at("spec.template.spec.containers"))
        .iter()
        .find(|c| str_at(c, "name") == Some(name))
        .unwrap_or_else(|| panic!("{}: no container {name}", dep.id()))
}

fn env_entries(c: &Value) -> &[Value] {
    seq(at(c, "env"))
}

fn env_value<'a>(c: &'a Value, name: &str) -> Option<&'a Value> {
    env_entries(c)
        .iter()
        .find(|e| str_at(e, "name") == Some(name))
}

#[test]
fn secret_and_configmap_keys_match_server_env() {
    let objs = base_objects();
    let dep = only(&objs, "Deployment");
    let ns = dep.namespace().unwrap().to_owned();
    let c = container(dep, "stunroom");
    let secrets = generated_secrets();
    let mut refs = 0;
    for e in env_entries(c) {
        if let Some(r) = at(e, "valueFrom.secretKeyRef") {
            refs += 1;
            let name = str_at(r, "name").unwrap();
            let key = str_at(r, "key").unwrap();
            let data = secrets
                .get(&(ns.clone(), name.to_owned()))
                .unwrap_or_else(|| {
                    panic!(
                        "env {:?}: no Secret {ns}/{name} is generated",
                        str_at(e, "name")
                    )
                });
            assert!(
                data.contains_key(key),
                "env {:?}: Secret {ns}/{name} has no key {key:?}",
                str_at(e, "name")
            );
        }
    }
    assert!(refs > 0, "the server reads no Secret");
    // The ephemeral-credential loop: the server's secret is the one STUNner checks.
    let gwc = only(&objs, "GatewayConfig");
    let auth_name = gwc.str("spec.authRef.name").unwrap();
    let auth_ns = gwc
        .str("spec.authRef.namespace")
        .or(gwc.namespace())
        .unwrap();
    let stunner = &secrets[&(auth_ns.to_owned(), auth_name.to_owned())];
    let mode = env_value(c, "STUNROOM_ICE_MODE")
        .and_then(|e| str_at(e, "value"))
        .unwrap_or("none");
    match mode {
        "ephemeral" => {
            assert_eq!(
                stunner.get("type").map(String::as_str),
                Some("ephemeral"),
                "STUNner must run ephemeral auth"
            );
            let r = env_value(c, "STUNROOM_TURN_SECRET")
                .and_then(|e| at(e, "valueFrom.secretKeyRef"))
                .expect("STUNROOM_TURN_SECRET must come from a secretKeyRef");
            let ours = &secrets[&(ns.clone(), str_at(r, "name").unwrap().to_owned())];
            assert_eq!(
                ours.get(str_at(r, "key").unwrap()),
                stunner.get("secret"),
                "server and STUNner secrets differ"
            );
            assert!(
                env_value(c, "STUNROOM_TURN_URLS").is_some(),
                "ephemeral mode needs STUNROOM_TURN_URLS"
            );
        }
        // The auth service reads STUNner's own copy; the server needs no secret.
        "stunner-auth" => {}
        other => panic!("unexpected STUNROOM_ICE_MODE {other:?} in the Deployment"),
    }
    // Both copies come from the same source file(s).
    let b = build(&k8s_dir());
    let sources: BTreeSet<Vec<PathBuf>> = b
        .generated
        .iter()
        .filter(|g| g.kind == "Secret" && g.name == auth_name)
        .map(|g| g.sources.clone())
        .collect();
    assert_eq!(
        sources.len(),
        1,
        "the {auth_name} copies are generated from different files: {sources:?}"
    );
    // ConfigMap references (site values) resolve to generated keys too.
    for e in env_entries(c) {
        if let Some(r) = at(e, "valueFrom.configMapKeyRef") {
            let name = str_at(r, "name").unwrap();
            let key = str_at(r, "key").unwrap();
            let g = generated(&b, "ConfigMap", &ns, name).unwrap_or_else(|| {
                panic!(
                    "env {:?}: no ConfigMap {ns}/{name} is generated",
                    str_at(e, "name")
                )
            });
            assert!(
                g.data.contains_key(key),
                "env {:?}: ConfigMap {ns}/{name} has no key {key:?}",
                str_at(e, "name")
            );
        }
    }
}

/// The first and last WebRtcServer port of the Deployment's server: its
/// STUNROOM_RTC_PORT (else the server's default), and that plus the workers
/// minus one, where the workers are STUNROOM_WORKERS: a value, or `limits.cpu`
/// (divisor 1, rounded up) through a resourceFieldRef.
fn rtc_ports(dep: &Object) -> (u64, u64) {
    let c = container(dep, "stunroom");
    let first: u64 = env_value(c, "STUNROOM_RTC_PORT")
        .and_then(|e| str_at(e, "value"))
        .map(str::to_owned)
        .unwrap_or_else(|| help_default("--rtc-port"))
        .parse()
        .expect("STUNROOM_RTC_PORT");
    let workers_env = env_value(c, "STUNROOM_WORKERS").expect("STUNROOM_WORKERS");
    let workers: u64 = match str_at(workers_env, "value") {
        Some(v) => v.parse().expect("STUNROOM_WORKERS"),
        None => {
            let r = at(workers_env, "valueFrom.resourceFieldRef").expect("resourceFieldRef");
            assert_eq!(str_at(r, "resource"), Some("limits.cpu"));
            let cpu = at(c, "resources.limits.cpu")
                .and_then(scalar)
                .expect("limits.cpu");
            let millis: f64 = match cpu.strip_suffix('m') {
                Some(m) => m.parse::<f64>().expect("cpu") / 1000.0,
                None => cpu.parse().expect("cpu"),
            };
            millis.ceil() as u64
        }
    };
    (first, first + workers - 1)
}

#[test]
fn container_port_matches_server_default() {
    let port = server_default_port();
    let objs = base_objects();
    let dep = only(&objs, "Deployment");
    let c = container(dep, "stunroom");
    let http = seq(at(c, "ports"))
        .iter()
        .find(|p| str_at(p, "name") == Some("http"))
        .expect("container port named http");
    assert_eq!(
        at(http, "containerPort").and_then(Value::as_u64),
        Some(u64::from(port)),
        "containerPort != server default {port}"
    );
    if let Some(listen) = env_value(c, "STUNROOM_LISTEN").and_then(|e| str_at(e, "value")) {
        assert!(
            listen.ends_with(&format!(":{port}")),
            "STUNROOM_LISTEN={listen} disagrees with containerPort {port}"
        );
    }
    // Every Service port targets a container port (by name or number) of its protocol.
    let svc = only(&objs, "Service");
    let container_ports = seq(at(c, "ports"));
    for p in seq(svc.at("spec.ports")) {
        let target = at(p, "targetPort").and_then(scalar).unwrap();
        let protocol = str_at(p, "protocol").unwrap_or("TCP");
        assert!(
            container_ports.iter().any(|cp| {
                (str_at(cp, "name") == Some(target.as_str())
                    || at(cp, "containerPort").and_then(scalar) == Some(target.clone()))
                    && str_at(cp, "protocol").unwrap_or("TCP") == protocol
            }),
            "Service targetPort {target}/{protocol} is not a container port"
        );
    }
    // Media: one UDP and one TCP port per worker (WebRtcServer), no others.
    let (first, last) = rtc_ports(dep);
    let numbers = |ports: &[Value], protocol: &str| -> Vec<u64> {
        let mut v: Vec<u64> = ports
            .iter()
            .filter(|p| str_at(p, "protocol") == Some(protocol))
            .filter_map(|p| {
                at(p, "containerPort")
                    .or(at(p, "port"))
                    .and_then(Value::as_u64)
            })
            .filter(|n| *n != u64::from(port))
            .collect();
        v.sort_unstable();
        v
    };
    let want: Vec<u64> = (first..=last).collect();
    assert_eq!(
        numbers(container_ports, "UDP"),
        want,
        "container UDP ports = the workers' WebRtcServer ports"
    );
    assert_eq!(
        numbers(container_ports, "TCP"),
        want,
        "container TCP ports = the workers' WebRtcServer ports"
    );
    assert_eq!(
        numbers(seq(svc.at("spec.ports")), "UDP"),
        want,
        "Service UDP ports = the workers' WebRtcServer ports"
    );
    assert!(
        dep.at("spec.template.spec.hostNetwork")
            .and_then(Value::as_bool)
            != Some(true),
        "no hostNetwork"
    );
}

#[test]
fn ingress_backend_matches_service_and_pins_rooms() {
    let objs = base_objects();
    let ing = only(&objs, "Ingress");
    let svc = only(&objs, "Service");
    assert_eq!(
        ing.namespace(),
        svc.namespace(),
        "Ingress backends must be in the Ingress's namespace"
    );
    // Annotation keys contain dots: look them up in the map, not by path.
    let annotations = ing
        .at("metadata.annotations")
        .and_then(Value::as_mapping)
        .expect("Ingress annotations");
    let get = |k: &str| annotations.get(k).and_then(scalar);
    assert_eq!(
        get("nginx.ingress.kubernetes.io/upstream-hash-by").as_deref(),
        Some("$arg_roomId"),
        "room pinning annotation"
    );
    for t in ["proxy-read-timeout", "proxy-send-timeout"] {
        let v: u64 = get(&format!("nginx.ingress.kubernetes.io/{t}"))
            .unwrap_or_else(|| panic!("{t} annotation missing (WebSockets are cut after 60 s)"))
            .parse()
            .expect("timeout in seconds");
        assert!(v >= 3600, "{t} = {v} < 3600");
    }
    let issuer =
        get("cert-manager.io/cluster-issuer").expect("cert-manager.io/cluster-issuer annotation");
    let ci = find(&objs, "ClusterIssuer", &issuer, None)
        .unwrap_or_else(|| panic!("no ClusterIssuer {issuer}"));
    let class = ing.str("spec.ingressClassName").expect("ingressClassName");
    assert_eq!(class, "nginx");
    let solver_class = seq(ci.at("spec.acme.solvers")).iter().find_map(|s| {
        str_at(s, "http01.ingress.ingressClassName").or(str_at(s, "http01.ingress.class"))
    });
    assert_eq!(
        solver_class,
        Some(class),
        "the http01 solver must use the Ingress's class"
    );

    let svc_ports = seq(svc.at("spec.ports"));
    let mut backends = 0;
    for rule in seq(ing.at("spec.rules")) {
        for p in seq(at(rule, "http.paths")) {
            backends += 1;
            assert_eq!(
                str_at(p, "backend.service.name"),
                Some(svc.name()),
                "Ingress backend service"
            );
            let port = at(p, "backend.service.port").expect("backend port");
            let ok = match (
                str_at(port, "name"),
                at(port, "number").and_then(Value::as_u64),
            ) {
                (Some(n), _) => svc_ports.iter().any(|sp| str_at(sp, "name") == Some(n)),
                (None, Some(n)) => svc_ports
                    .iter()
                    .any(|sp| at(sp, "port").and_then(Value::as_u64) == Some(n)),
                _ => false,
            };
            assert!(
                ok,
                "Ingress backend port {port:?} is not a port of {}",
                svc.id()
            );
        }
    }
    assert!(backends > 0, "Ingress has no backends");
    // TLS: a secret in the Ingress's namespace (the only place it can live), for the rule hosts.
    let tls = seq(ing.at("spec.tls"));
    assert_eq!(tls.len(), 1, "one TLS entry");
    let secret = str_at(&tls[0], "secretName").expect("tls.secretName");
    assert!(
        !secret.contains('/'),
        "tls.secretName {secret} cannot name another namespace"
    );
    let tls_hosts: Vec<&str> = seq(at(&tls[0], "hosts"))
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let rule_hosts: Vec<&str> = seq(ing.at("spec.rules"))
        .iter()
        .filter_map(|r| str_at(r, "host"))
        .collect();
    assert_eq!(tls_hosts, rule_hosts, "TLS hosts must equal rule hosts");
    // Both hosts are set from site.env by kustomize replacements.
    let k = kustomization(&k8s_dir());
    let paths: Vec<&str> = seq(at(&k.doc, "replacements"))
        .iter()
        .flat_map(|r| seq(at(r, "targets")))
        .flat_map(|t| seq(at(t, "fieldPaths")))
        .filter_map(Value::as_str)
        .collect();
    for p in ["spec.rules.0.host", "spec.tls.0.hosts.0"] {
        assert!(
            paths.contains(&p),
            "kustomization.yaml replacements must set {p}"
        );
    }
    let site = env_keys(&k8s_dir().join("base/site.env"));
    for key in ["host", "turnUrls", "acmeEmail"] {
        assert!(site.contains_key(key), "site.env has no {key}");
    }
}

#[test]
fn gateway_api_variant_routes_to_our_service() {
    let dir = k8s_dir().join("gateway-api");
    let b = build(&dir);
    let objs = &b.objects;
    assert!(
        objs.iter().all(|o| o.kind() != "Ingress"),
        "the Gateway API variant must not include the Ingress"
    );
    let svc = only(objs, "Service");
    let route = only(objs, "HTTPRoute");
    assert_eq!(route.namespace(), svc.namespace());
    for rule in seq(route.at("spec.rules")) {
        for b in seq(at(rule, "backendRefs")) {
            assert_eq!(
                str_at(b, "name"),
                Some(svc.name()),
                "{}: backendRef",
                route.id()
            );
            let port = at(b, "port").and_then(Value::as_u64);
            assert!(
                seq(svc.at("spec.ports"))
                    .iter()
                    .any(|p| at(p, "port").and_then(Value::as_u64) == port),
                "{}: backendRef port {port:?} is not a port of {}",
                route.id(),
                svc.id()
            );
        }
    }
    // cert-manager: the Gateway names the issuer; the issuer's http01 solver
    // answers through that Gateway's plain-HTTP listener.
    let gw = objs
        .iter()
        .find(|o| o.kind() == "Gateway" && o.name() == "stunroom-web")
        .expect("Gateway stunroom-web");
    let issuer = gw
        .at("metadata.annotations")
        .and_then(Value::as_mapping)
        .and_then(|m| m.get("cert-manager.io/cluster-issuer"))
        .and_then(Value::as_str)
        .expect("cert-manager.io/cluster-issuer on the Gateway");
    let ci = find(objs, "ClusterIssuer", issuer, None)
        .unwrap_or_else(|| panic!("no ClusterIssuer {issuer}"));
    let parent = seq(ci.at("spec.acme.solvers"))
        .iter()
        .flat_map(|s| seq(at(s, "http01.gatewayHTTPRoute.parentRefs")))
        .find(|p| str_at(p, "name") == Some(gw.name()))
        .expect("http01.gatewayHTTPRoute solver through the Gateway");
    assert_eq!(str_at(parent, "namespace"), gw.namespace());
    let section = str_at(parent, "sectionName").unwrap_or("http");
    let listener = seq(gw.at("spec.listeners"))
        .iter()
        .find(|l| str_at(l, "name") == Some(section))
        .expect("solver listener");
    assert_eq!(
        str_at(listener, "protocol"),
        Some("HTTP"),
        "ACME http01 needs a plain HTTP listener"
    );
    // Hostnames come from site.env; the gateway class too.
    let k = kustomization(&dir);
    let paths: Vec<&str> = seq(at(&k.doc, "replacements"))
        .iter()
        .flat_map(|r| seq(at(r, "targets")))
        .flat_map(|t| seq(at(t, "fieldPaths")))
        .filter_map(Value::as_str)
        .collect();
    for p in [
        "spec.listeners.[name=http].hostname",
        "spec.listeners.[name=https].hostname",
        "spec.hostnames.0",
        "spec.gatewayClassName",
        "spec.acme.email",
    ] {
        assert!(
            paths.contains(&p),
            "gateway-api/kustomization.yaml replacements must set {p}"
        );
    }
    let site =
        generated(&b, "ConfigMap", "stunroom", "stunroom-site").expect("stunroom-site ConfigMap");
    assert!(
        site.data.contains_key("gatewayClassName"),
        "site.env has no gatewayClassName"
    );
}

/// `[default: X]` of a flag in `stunroom --help`.
fn help_default(flag: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_stunroom"))
        .arg("--help")
        .output()
        .expect("run stunroom --help");
    let help = String::from_utf8_lossy(&out.stdout).into_owned();
    let after = help
        .split(&format!("{flag} "))
        .nth(1)
        .unwrap_or_else(|| panic!("no {flag} in --help:\n{help}"));
    let section = after.split("\n  -").next().unwrap_or(after);
    section
        .split("[default: ")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .unwrap_or_else(|| panic!("no default for {flag} in --help:\n{help}"))
        .trim()
        .to_owned()
}

#[test]
fn network_policy_admits_signaling_and_the_rtc_port_range() {
    let dir = k8s_dir().join("network-policy");
    let b = build(&dir);
    let np = only(&b.objects, "NetworkPolicy");
    let objs = base_objects();
    let dep = only(&objs, "Deployment");
    assert_eq!(np.namespace(), dep.namespace());
    let selector = np
        .at("spec.podSelector.matchLabels")
        .and_then(Value::as_mapping)
        .expect("podSelector");
    let labels = dep
        .at("spec.template.metadata.labels")
        .and_then(Value::as_mapping)
        .expect("pod labels");
    for (k, v) in selector {
        assert_eq!(
            labels.get(k),
            Some(v),
            "NetworkPolicy podSelector {k:?} does not match the pods"
        );
    }
    let ports: Vec<&Value> = seq(np.at("spec.ingress"))
        .iter()
        .flat_map(|r| seq(at(r, "ports")))
        .collect();
    let tcp = server_default_port();
    assert!(
        ports.iter().any(|p| str_at(p, "protocol") == Some("TCP")
            && at(p, "port").and_then(Value::as_u64) == Some(u64::from(tcp))),
        "NetworkPolicy must admit TCP {tcp} (signaling)"
    );
    // The workers' WebRtcServer ports, from the Deployment's settings.
    let (min, max) = rtc_ports(dep);
    assert!(
        ports.iter().any(|p| str_at(p, "protocol") == Some("UDP")
            && at(p, "port").and_then(Value::as_u64) == Some(min)
            && at(p, "endPort").and_then(Value::as_u64) == Some(max)),
        "NetworkPolicy must admit UDP {min}-{max} (the workers' WebRtcServer ports)"
    );
    // The base offers it as an opt-in component.
    let base = read(&k8s_dir().join("kustomization.yaml"));
    assert!(
        base.contains("network-policy"),
        "kustomization.yaml should mention the network-policy component"
    );
}

/// Every path the Deployment probes and the Dockerfile's HEALTHCHECK requests.
fn probe_paths() -> Vec<(String, String)> {
    let objs = base_objects();
    let dep = only(&objs, "Deployment");
    let c = container(dep, "stunroom");
    let mut out = Vec::new();
    for probe in ["startupProbe", "livenessProbe", "readinessProbe"] {
        if let Some(p) = at(c, &format!("{probe}.httpGet")) {
            let port = at(p, "port").and_then(scalar).unwrap_or_default();
            assert!(
                port == "http" || port == server_default_port().to_string(),
                "{probe} port {port}"
            );
            out.push((
                probe.to_owned(),
                str_at(p, "path").expect("probe path").to_owned(),
            ));
        } else {
            assert!(probe == "startupProbe", "{probe} must be an httpGet probe");
        }
    }
    let (port, path) = healthcheck_url(&dockerfile());
    assert_eq!(port, server_default_port(), "HEALTHCHECK port");
    out.push(("Dockerfile HEALTHCHECK".to_owned(), path));
    out
}

#[test]
fn probe_paths_are_served_by_the_server() {
    let paths = probe_paths();
    assert!(
        paths.iter().any(|(_, p)| p == "/healthz") && paths.iter().any(|(_, p)| p == "/readyz")
    );
    let server = Server::start();
    let mut failures = Vec::new();
    for (what, path) in &paths {
        let (status, body) = server.get(path);
        if status != 200 {
            failures.push(format!("{what} GET {path}: HTTP {status}"));
        } else if body.contains(INDEX_MARKER) {
            failures.push(format!(
                "{what} GET {path}: answered by the index.html fallback, not a real route"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "probe paths not served by stunroom:\n  {}",
        failures.join("\n  ")
    );
}

/// The server's drain ends before Kubernetes' SIGKILL: the preStop pause plus
/// the server's shutdown grace (STUNROOM_SHUTDOWN_GRACE in the Deployment,
/// else the server default) fit in terminationGracePeriodSeconds.
#[test]
fn shutdown_grace_fits_the_termination_grace_period() {
    let objs = base_objects();
    let dep = only(&objs, "Deployment");
    let period = dep
        .at("spec.template.spec.terminationGracePeriodSeconds")
        .and_then(Value::as_u64)
        .unwrap_or(30); // the Kubernetes default
    let c = container(dep, "stunroom");
    let grace = match env_value(c, "STUNROOM_SHUTDOWN_GRACE").and_then(|e| at(e, "value")) {
        Some(v) => scalar(v).unwrap_or_default(),
        None => help_default("--shutdown-grace"),
    };
    let grace: u64 = grace
        .parse()
        .unwrap_or_else(|_| panic!("shutdown grace {grace:?} is not a number of seconds"));
    let command: Vec<String> = seq(at(c, "lifecycle.preStop.exec.command"))
        .iter()
        .filter_map(scalar)
        .collect();
    let pre_stop: u64 = match command
        .iter()
        .position(|w| w == "sleep" || w.ends_with("/sleep"))
    {
        Some(i) => command
            .get(i + 1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("preStop {command:?}: sleep without seconds")),
        None => 0,
    };
    assert!(
        pre_stop + grace < period,
        "preStop sleep {pre_stop} s + shutdown grace {grace} s must end before \
         terminationGracePeriodSeconds {period} s"
    );
}

#[test]
fn every_stunroom_env_var_is_read_by_the_server() {
    let known = server_env_vars();
    let mut used: Vec<(String, String)> = Vec::new();
    for o in objects() {
        for c in seq(o.at("spec.template.spec.containers")) {
            for e in env_entries(c) {
                used.push((o.id(), str_at(e, "name").unwrap_or("").to_owned()));
            }
        }
    }
    for k in docker_env(&dockerfile()).keys() {
        used.push(("deploy/Dockerfile ENV".into(), k.clone()));
    }
    let unknown: Vec<String> = used
        .iter()
        .filter(|(_, n)| (n.starts_with("STUNROOM_") || n == "POD_IP") && !known.contains(n))
        .map(|(w, n)| format!("{n} ({w})"))
        .collect();
    assert!(
        unknown.is_empty(),
        "variables the server does not read (not in server/src): {unknown:?}\nserver reads: {known:?}"
    );
}

// ---------------------------------------------------------------------------
// Tests: Dockerfile

#[test]
fn dockerfile_copy_sources_exist_and_are_in_the_build_context() {
    let root = repo_root();
    let ignored: Vec<String> = read(&root.join(".dockerignore"))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    let ins = dockerfile();
    let copies = docker_ops(&ins, "COPY");
    assert!(!copies.is_empty());
    for c in copies {
        let words: Vec<&str> = c.args.split_whitespace().collect();
        if words.iter().any(|w| w.starts_with("--from=")) {
            continue;
        }
        let srcs: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| !w.starts_with("--"))
            .collect();
        assert!(
            srcs.len() >= 2,
            "COPY {}: needs source and destination",
            c.args
        );
        for src in &srcs[..srcs.len() - 1] {
            let p = root.join(src.trim_start_matches("./"));
            assert!(p.exists(), "COPY {src}: no such path in the repo");
            let first = src.trim_start_matches("./").split('/').next().unwrap();
            assert!(
                !ignored.iter().any(|i| i.trim_start_matches('/') == first),
                "COPY {src}: excluded by .dockerignore"
            );
        }
    }
    for needed in ["target", ".git", "dist"] {
        assert!(
            ignored.iter().any(|i| i == needed),
            ".dockerignore should exclude {needed}"
        );
    }
}

#[test]
fn dockerfile_builds_the_real_binary_and_serves_dist_from_env() {
    let ins = dockerfile();
    let server_toml = read(&repo_root().join("server/Cargo.toml"));
    let package = toml_string(&server_toml, "name").expect("server package name");
    // [[bin]] names of server/Cargo.toml
    let bins: Vec<String> = server_toml
        .split("[[bin]]")
        .skip(1)
        .filter_map(|section| toml_string(section.split("\n[").next().unwrap_or(section), "name"))
        .collect();
    let runs: Vec<&str> = docker_ops(&ins, "RUN")
        .iter()
        .map(|i| i.args.as_str())
        .collect();
    let build = runs
        .iter()
        .find(|r| r.contains("cargo build"))
        .expect("a RUN with cargo build");
    let arg = |flag: &str| -> Option<String> {
        let words: Vec<&str> = build.split_whitespace().collect();
        words
            .windows(2)
            .find(|w| w[0] == flag)
            .map(|w| w[1].to_owned())
    };
    let bin = arg("--bin").expect("cargo build --bin X");
    assert!(
        bins.contains(&bin),
        "--bin {bin} is not a [[bin]] of server/Cargo.toml ({bins:?})"
    );
    assert_eq!(
        arg("-p").as_deref(),
        Some(package.as_str()),
        "cargo build -p"
    );
    assert!(build.contains("--release"));
    assert!(
        runs.iter().any(|r| r.contains("cargo xtask dist")),
        "the client is built with `cargo xtask dist` (trunk + wasm-opt + br/gzip variants)"
    );

    // The binary and dist land where ENTRYPOINT and STUNROOM_DIST_DIR say.
    let copies_from: Vec<&str> = docker_ops(&ins, "COPY")
        .iter()
        .map(|i| i.args.as_str())
        .filter(|a| a.contains("--from="))
        .collect();
    let bin_copy = copies_from
        .iter()
        .find(|a| a.contains(&format!("target/release/{bin} ")))
        .expect("COPY --from=builder of the release binary");
    let bin_dest = bin_copy.split_whitespace().last().unwrap();
    let entry = docker_ops(&ins, "ENTRYPOINT");
    assert!(
        entry.last().expect("ENTRYPOINT").args.contains(bin_dest),
        "ENTRYPOINT must run {bin_dest}"
    );
    let dist_copy = copies_from
        .iter()
        .find(|a| a.contains("/dist "))
        .expect("COPY --from=builder of dist");
    let dist_dest = dist_copy.split_whitespace().last().unwrap();
    assert_eq!(
        docker_env(&ins)
            .get("STUNROOM_DIST_DIR")
            .map(String::as_str),
        Some(dist_dest),
        "STUNROOM_DIST_DIR"
    );

    // Runs as a numeric non-root user; exposes the server's default port.
    let user = docker_ops(&ins, "USER").last().expect("USER").args.clone();
    let uid: u32 = user
        .split(':')
        .next()
        .unwrap()
        .parse()
        .expect("numeric USER (for runAsNonRoot)");
    assert_ne!(uid, 0, "USER must not be root");
    let port = server_default_port();
    let expose: Vec<String> = docker_ops(&ins, "EXPOSE")
        .iter()
        .map(|i| i.args.clone())
        .collect();
    assert_eq!(
        expose,
        vec![port.to_string()],
        "EXPOSE must be the server's default port {port}"
    );
    if let Some(listen) = docker_env(&ins).get("STUNROOM_LISTEN") {
        assert!(
            listen.ends_with(&format!(":{port}")),
            "ENV STUNROOM_LISTEN={listen}"
        );
    }
    // The Deployment's runAsUser is the image's user.
    let objs = base_objects();
    let dep = only(&objs, "Deployment");
    assert_eq!(
        dep.at("spec.template.spec.securityContext.runAsUser")
            .and_then(Value::as_u64),
        Some(u64::from(uid))
    );
}

/// The image builds with `cargo fetch --locked` / `cargo build --locked`: that
/// only works while the committed Cargo.lock satisfies every Cargo.toml.
#[test]
fn dockerfile_locked_build_precondition_holds() {
    let ins = dockerfile();
    let runs: Vec<&str> = docker_ops(&ins, "RUN")
        .iter()
        .map(|i| i.args.as_str())
        .collect();
    if !runs.iter().any(|r| r.contains("--locked")) {
        return;
    }
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--locked",
            "--offline",
            "--format-version",
            "1",
            "--no-deps",
        ])
        .current_dir(repo_root())
        .output()
        .expect("run cargo metadata");
    assert!(
        out.status.success(),
        "Cargo.lock is out of date, so the Dockerfile's `--locked` build would fail:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // `cargo test` itself rewrites a stale Cargo.lock before this runs, so in CI
    // (a fresh clone) also require that the lock file is still the committed one.
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        let diff = Command::new("git")
            .args(["diff", "--exit-code", "--stat", "HEAD", "--", "Cargo.lock"])
            .current_dir(repo_root())
            .output();
        if let Ok(diff) = diff {
            assert!(
                diff.status.success(),
                "the committed Cargo.lock is out of date (cargo had to update it), so the \
                 Dockerfile's `--locked` build would fail: commit Cargo.lock.\n{}",
                String::from_utf8_lossy(&diff.stdout)
            );
        }
    }
}

#[test]
fn dockerfile_tool_versions_match_the_project() {
    let ins = dockerfile();
    let runs: Vec<&str> = docker_ops(&ins, "RUN")
        .iter()
        .map(|i| i.args.as_str())
        .collect();
    let installed = |krate: &str| -> String {
        let r = runs
            .iter()
            .find(|r| r.contains(&format!("cargo install {krate} ")))
            .unwrap_or_else(|| panic!("no `cargo install {krate}` in the Dockerfile"));
        let words: Vec<&str> = r.split_whitespace().collect();
        words
            .windows(2)
            .find(|w| w[0] == "--version")
            .map(|w| w[1].to_owned())
            .expect("--version")
    };
    let root = repo_root();
    let trunk_toml = read(&root.join("Trunk.toml"));
    let wb = installed("wasm-bindgen-cli");
    assert_eq!(
        Some(wb.clone()),
        toml_string(&trunk_toml, "wasm_bindgen"),
        "wasm-bindgen-cli vs Trunk.toml [tools] wasm_bindgen"
    );
    if let Some(locked) = locked_version("wasm-bindgen") {
        assert_eq!(wb, locked, "wasm-bindgen-cli vs Cargo.lock wasm-bindgen");
    }
    let xtask = read(&root.join("xtask/src/main.rs"));
    let trunk_xtask = xtask
        .lines()
        .find_map(|l| l.trim().strip_prefix("const TRUNK_VERSION: &str = "))
        .map(|v| v.trim_end_matches(';').trim_matches('"').to_owned())
        .expect("xtask TRUNK_VERSION");
    assert_eq!(
        installed("trunk"),
        trunk_xtask,
        "trunk version vs xtask's TRUNK_VERSION"
    );
    // Trunk.toml's wasm-opt is the binaryen that client/build-tools pins (npm),
    // and the builder has npm to install it.
    let tools: serde_json::Value =
        serde_json::from_str(&read(&root.join("client/build-tools/package.json")))
            .expect("client/build-tools/package.json is JSON");
    let binaryen = tools["dependencies"]["binaryen"]
        .as_str()
        .expect("client/build-tools pins binaryen");
    let major = binaryen.split('.').next().unwrap_or_default();
    assert_eq!(
        toml_string(&trunk_toml, "wasm_opt"),
        Some(format!("version_{major}")),
        "Trunk.toml [tools] wasm_opt vs client/build-tools binaryen {binaryen}"
    );
    let lock = read(&root.join("client/build-tools/package-lock.json"));
    assert!(
        lock.contains(&format!("\"version\": \"{binaryen}\"")),
        "client/build-tools/package-lock.json locks binaryen {binaryen}"
    );
    assert!(
        docker_ops(&ins, "RUN")
            .iter()
            .any(|r| r.args.contains("apt-get install") && r.args.contains(" npm")),
        "the builder installs npm (binaryen comes from the npm registry)"
    );
    // The Rust image is new enough for the workspace.
    let rust_arg = docker_ops(&ins, "ARG")
        .iter()
        .find_map(|i| i.args.strip_prefix("RUST_VERSION="))
        .expect("ARG RUST_VERSION=")
        .to_owned();
    let msrv = toml_string(&read(&root.join("Cargo.toml")), "rust-version")
        .expect("workspace rust-version");
    let v = |s: &str| -> (u32, u32) {
        let mut it = s.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
        (it.next().unwrap_or(0), it.next().unwrap_or(0))
    };
    assert!(
        v(&rust_arg) >= v(&msrv),
        "RUST_VERSION {rust_arg} < workspace rust-version {msrv}"
    );
}
