// Product pictures: a strip that swipes on a phone; the thumbnails scroll it without moving the page.
(function () {
  const gallery = document.getElementById("gallery");
  const slides = gallery.querySelector(".slides");
  const thumbs = gallery.querySelectorAll(".thumbs a");
  thumbs.forEach((thumb) => {
    thumb.addEventListener("click", (event) => {
      event.preventDefault();
      slides.scrollTo({ left: slides.clientWidth * Number(thumb.dataset.slide), behavior: "smooth" });
    });
  });
  slides.addEventListener("scroll", () => {
    const current = Math.round(slides.scrollLeft / slides.clientWidth);
    thumbs.forEach((thumb, index) => thumb.toggleAttribute("aria-current", index === current));
  }, { passive: true });
})();
