// Check-in by camera: reads a participant's badge QR code and submits the check-in form with it.
//
// The page provides (the messages come translated from the server):
//   <div data-qr-scanner data-target="#checkin-code" data-msg-starting="…" data-msg-denied="…"
//        data-msg-unsupported="…" hidden>
//     <button type="button" data-scan-start>…</button>
//     <video data-scan-video playsinline muted hidden></video>
//     <p data-scan-status role="status"></p>
//   </div>
// and loads static/vendor/jsqr/jsQR.js before this script, for browsers without BarcodeDetector.
(() => {
  "use strict";

  const SCAN_INTERVAL_MS = 150;
  const MAX_FRAME_WIDTH = 640; // jsQR works on a downscaled frame: fast enough on a phone

  function setUp(container) {
    const target = document.querySelector(container.dataset.target || "");
    const button = container.querySelector("[data-scan-start]");
    const video = container.querySelector("[data-scan-video]");
    const status = container.querySelector("[data-scan-status]");
    if (!target || !button || !video) return;

    let stream = null;
    let timer = null;
    let running = false;
    let canvas = null;

    const say = (message) => {
      if (status) status.textContent = message || "";
    };

    async function makeDecoder() {
      if ("BarcodeDetector" in window) {
        try {
          const formats = await window.BarcodeDetector.getSupportedFormats();
          if (formats.includes("qr_code")) {
            const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
            return async () => {
              const codes = await detector.detect(video);
              return codes.length ? codes[0].rawValue : null;
            };
          }
        } catch (error) {
          // fall through to jsQR
        }
      }
      if (typeof window.jsQR === "function") {
        canvas = canvas || document.createElement("canvas");
        const context = canvas.getContext("2d", { willReadFrequently: true });
        return async () => {
          const width = video.videoWidth;
          const height = video.videoHeight;
          if (!width || !height) return null;
          const scale = Math.min(1, MAX_FRAME_WIDTH / width);
          canvas.width = Math.round(width * scale);
          canvas.height = Math.round(height * scale);
          context.drawImage(video, 0, 0, canvas.width, canvas.height);
          const frame = context.getImageData(0, 0, canvas.width, canvas.height);
          const code = window.jsQR(frame.data, frame.width, frame.height, { inversionAttempts: "dontInvert" });
          return code ? code.data : null;
        };
      }
      return null;
    }

    function stop() {
      running = false;
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
      if (stream) {
        stream.getTracks().forEach((track) => track.stop());
        stream = null;
      }
      video.pause();
      video.srcObject = null;
      video.hidden = true;
      button.setAttribute("aria-pressed", "false");
    }

    function found(value) {
      stop();
      target.value = value;
      target.dispatchEvent(new Event("input", { bubbles: true }));
      const form = target.form;
      if (!form) return;
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit();
      } else {
        form.submit();
      }
    }

    function scanLoop(decode) {
      const tick = async () => {
        if (!running) return;
        let value = null;
        try {
          if (video.readyState >= video.HAVE_CURRENT_DATA) value = await decode();
        } catch (error) {
          value = null; // a frame that cannot be read yet: try the next one
        }
        if (!running) return;
        if (value) {
          found(value);
        } else {
          timer = setTimeout(tick, SCAN_INTERVAL_MS);
        }
      };
      tick();
    }

    async function start() {
      const decode = await makeDecoder();
      if (!decode) {
        say(container.dataset.msgUnsupported);
        return;
      }
      say(container.dataset.msgStarting);
      running = true;
      button.setAttribute("aria-pressed", "true");
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: { ideal: "environment" } },
          audio: false,
        });
      } catch (error) {
        stop();
        const denied = error && (error.name === "NotAllowedError" || error.name === "SecurityError");
        say(denied ? container.dataset.msgDenied : container.dataset.msgUnsupported);
        return;
      }
      if (!running) {
        // stopped (pagehide, second click) while the browser was asking for the camera
        stream.getTracks().forEach((track) => track.stop());
        stream = null;
        return;
      }
      video.srcObject = stream;
      video.hidden = false;
      try {
        await video.play();
      } catch (error) {
        // autoplay of a muted inline video is allowed; frames are read once they come anyway
      }
      say("");
      scanLoop(decode);
    }

    button.addEventListener("click", () => {
      if (running) {
        stop();
        say("");
      } else {
        start();
      }
    });
    window.addEventListener("pagehide", stop);

    button.setAttribute("aria-pressed", "false");
    container.hidden = false;
  }

  if (!(navigator.mediaDevices && typeof navigator.mediaDevices.getUserMedia === "function")) return;
  const init = () => document.querySelectorAll("[data-qr-scanner]").forEach(setUp);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
