pub fn run_stdio() -> std::io::Result<u8> {
    Ok(0)
}
