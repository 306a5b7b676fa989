# Sourced by ./mvnw and ./klipp: makes JAVA_HOME point at a JDK 25 or newer without anyone
# exporting anything by hand. Keeps a JAVA_HOME that is already new enough.
klipp_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}
klipp_find_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/javac" ] &&
     [ "$(klipp_java_major "$JAVA_HOME")" -ge 25 ] 2>/dev/null; then
    return 0
  fi
  # mvnw runs with 'set -f'; globbing is needed here.
  set +f
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* /usr/lib/jvm/jdk-25* \
                   /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$candidate/bin/javac" ] || continue
    if [ "$(klipp_java_major "$candidate")" -ge 25 ] 2>/dev/null; then
      JAVA_HOME="$candidate"
      export JAVA_HOME
      set -f
      return 0
    fi
  done
  set -f
  cat >&2 <<'MSG'
Klipp needs a JDK 25 or newer and found none (looked at JAVA_HOME and /usr/lib/jvm).
Install one, for example on Debian or Raspberry Pi OS:
  sudo apt-get install -y wget apt-transport-https gpg
  wget -qO - https://packages.adoptium.net/artifactory/api/gpg/key/public | sudo gpg --dearmor -o /usr/share/keyrings/adoptium.gpg
  echo "deb [signed-by=/usr/share/keyrings/adoptium.gpg] https://packages.adoptium.net/artifactory/deb $(. /etc/os-release; echo $VERSION_CODENAME) main" | sudo tee /etc/apt/sources.list.d/adoptium.list
  sudo apt-get update && sudo apt-get install -y temurin-25-jdk
or set JAVA_HOME to a JDK 25.
MSG
  return 1
}
klipp_find_jdk || exit 1
